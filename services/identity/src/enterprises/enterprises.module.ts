import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { GrantsModule } from '../grants/grants.module';
import { EnterpriseHandler } from './enterprise.handler';
import { EnterpriseRepository } from './enterprise.repository';
import { EnterpriseService } from './enterprise.service';

@Module({
  imports: [AccountsModule, GrantsModule],
  controllers: [EnterpriseHandler],
  providers: [EnterpriseRepository, EnterpriseService],
  exports: [EnterpriseRepository],
})
export class EnterprisesModule {}
