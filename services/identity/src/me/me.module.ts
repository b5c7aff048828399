import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { GrantsModule } from '../grants/grants.module';
import { MeHandler } from './me.handler';

@Module({
  imports: [AccountsModule, EnterprisesModule, GrantsModule],
  controllers: [MeHandler],
})
export class MeModule {}
