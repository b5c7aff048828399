import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { CredentialHandler } from './credential.handler';
import { CredentialRepository } from './credential.repository';
import { PasswordHasher } from './password.hasher';

@Module({
  controllers: [CredentialHandler],
  providers: [AccountRepository, CredentialRepository, PasswordHasher],
  exports: [AccountRepository, CredentialRepository, PasswordHasher],
})
export class AccountsModule {}
