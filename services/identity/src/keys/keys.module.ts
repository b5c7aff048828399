import { Module } from '@nestjs/common';
import { KeysHandler } from './keys.handler';
import { SigningKeyStore } from './signing-key.store';

@Module({
  controllers: [KeysHandler],
  providers: [SigningKeyStore],
  exports: [SigningKeyStore],
})
export class KeysModule {}
