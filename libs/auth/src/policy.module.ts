import { DynamicModule, Global, Module } from '@nestjs/common';
import { BusClient } from '@rivet/bus';
import { identityRpc } from '@rivet/contracts';
import type { JWK } from 'jose';
import { AccessGuard } from './access.guard';
import { Policy } from './policy';
import { POLICY_OPTIONS, PolicyOptions } from './policy.options';
import { PolicyProjection } from './policy-projection';
import { RpcPermissionGuard } from './rpc-permission.guard';
import { systemContext } from './system-context';
import { TokenVerifier } from './token-verifier';

/**
 * Local access decisions for a service: the {@link Policy} projection kept
 * current from identity, a {@link TokenVerifier} fed with identity's public
 * keys, and the {@link AccessGuard}. Needs `BusModule` (client and NATS
 * connection) and `PlatformModule` (logger).
 */
@Global()
@Module({})
export class PolicyModule {
  static forRoot(options: PolicyOptions): DynamicModule {
    return {
      module: PolicyModule,
      providers: [
        { provide: POLICY_OPTIONS, useValue: options },
        { provide: Policy, useValue: new Policy() },
        PolicyProjection,
        {
          provide: TokenVerifier,
          inject: [BusClient],
          useFactory: (bus: BusClient) =>
            new TokenVerifier(async () => {
              const { keys } = await bus.request(
                identityRpc.keys,
                systemContext(options.service),
                {},
              );

              return { keys: keys as JWK[] };
            }),
        },
        AccessGuard,
        RpcPermissionGuard,
      ],
      exports: [
        POLICY_OPTIONS,
        Policy,
        PolicyProjection,
        TokenVerifier,
        AccessGuard,
        RpcPermissionGuard,
      ],
    };
  }
}
