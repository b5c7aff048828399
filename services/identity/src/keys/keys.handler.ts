import { Controller, Inject } from '@nestjs/common';
import { RpcHandler } from '@rivet/bus';
import { identityRpc, RpcOutput } from '@rivet/contracts';
import { SigningKeyStore } from './signing-key.store';

@Controller()
export class KeysHandler {
  constructor(@Inject(SigningKeyStore) private readonly keys: SigningKeyStore) {}

  /** Public: verifiers (the gateway) fetch these before they know any caller. */
  @RpcHandler(identityRpc.keys)
  list(): RpcOutput<typeof identityRpc.keys> {
    return {
      keys: this.keys.jwks.map((jwk) => ({ ...jwk, kid: jwk.kid ?? '', kty: jwk.kty ?? '' })),
    };
  }
}
