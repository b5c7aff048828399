import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { KeysModule } from '../keys/keys.module';
import { AuthHandler } from './auth.handler';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionService } from './session.service';

@Module({
  imports: [AccountsModule, EnterprisesModule, KeysModule],
  controllers: [AuthHandler],
  providers: [RefreshTokenRepository, SessionService],
  exports: [RefreshTokenRepository, SessionService],
})
export class SessionsModule {}
