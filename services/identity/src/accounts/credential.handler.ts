import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest, UnitOfWork } from '@rivet/bus';
import { identityEvents, identityRpc, RivetError, RpcOutput } from '@rivet/contracts';
import { requireTenant } from '../request-context';
import { CredentialRepository } from './credential.repository';
import { PasswordHasher } from './password.hasher';

@Controller()
export class CredentialHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(CredentialRepository) private readonly credentials: CredentialRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Sets a password. The account may not exist yet (org creates a member with
   * a password, then its account arrives by event), so only the tenant is checked.
   */
  @RpcHandler(identityRpc.setCredential)
  async set({
    ctx,
    input,
  }: RpcRequest<typeof identityRpc.setCredential>): Promise<
    RpcOutput<typeof identityRpc.setCredential>
  > {
    const tenantId = requireTenant(ctx);

    if (ctx.actor.type === 'anonymous') {
      throw new RivetError('unauthenticated', 'setting a password needs a known caller');
    }
    // TODO(identity): callers are trusted services (org) or the gateway; check that a user
    // actor sets their own password or holds org.manage once the gateway exposes this.
    const passwordHash = await this.hasher.hash(input.password);

    await this.uow.run(tenantId, async (tx) => {
      await this.credentials.upsert(tx, input.userId, passwordHash);
      tx.events.emit(identityEvents.credentialSet, {
        tenantId,
        actor: ctx.actor,
        subject: { type: 'account', id: input.userId },
        data: { userId: input.userId },
      });
    });

    return {};
  }
}
