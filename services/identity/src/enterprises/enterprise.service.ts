import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@rivet/bus';
import { Actor, identityEvents, identityRpc, RpcOutput, RpcParsedInput } from '@rivet/contracts';
import { randomUUID } from 'node:crypto';
import { AccountRepository } from '../accounts/account.repository';
import { CredentialRepository } from '../accounts/credential.repository';
import { PasswordHasher } from '../accounts/password.hasher';
import { AdminGrantRepository } from '../grants/admin-grant.repository';
import { EnterpriseRepository } from './enterprise.repository';

type CreateInput = RpcParsedInput<typeof identityRpc.createEnterprise>;
type CreateOutput = RpcOutput<typeof identityRpc.createEnterprise>;

@Injectable()
export class EnterpriseService {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(EnterpriseRepository) private readonly enterprises: EnterpriseRepository,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(CredentialRepository) private readonly credentials: CredentialRepository,
    @Inject(AdminGrantRepository) private readonly grants: AdminGrantRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Creates an enterprise with its creator as first super admin, in one
   * transaction. The creator's member is made by org from the event, with the
   * member id chosen here so that both sides agree on it.
   */
  async create(input: CreateInput, ip: string | null): Promise<CreateOutput> {
    const tenantId = randomUUID();
    const userId = randomUUID();
    const memberId = randomUUID();
    const { creator } = input;
    const passwordHash = await this.hasher.hash(creator.password);
    const actor: Actor = { type: 'user', id: userId, ip };
    const enterprise = {
      id: tenantId,
      name: input.name,
      edition: 'free' as const,
      region: input.region,
    };
    const grant = {
      userId,
      role: 'super_admin' as const,
      permissions: [],
      scope: { type: 'all' as const, departmentIds: [], includeDescendants: true },
    };

    await this.uow.run(tenantId, async (tx) => {
      await this.enterprises.insert(tx.manager, enterprise);
      await this.accounts.insert(tx, {
        id: userId,
        memberId,
        email: creator.email,
        name: creator.name,
      });
      await this.credentials.upsert(tx, userId, passwordHash);
      await this.grants.insert(tx, grant);
      tx.events.emit(identityEvents.enterpriseCreated, {
        tenantId,
        actor,
        subject: { type: 'enterprise', id: tenantId, name: enterprise.name },
        data: {
          name: enterprise.name,
          region: enterprise.region,
          edition: enterprise.edition,
          creator: {
            userId,
            memberId,
            name: creator.name,
            email: creator.email,
            phone: creator.phone ?? null,
          },
        },
      });
      tx.events.emit(identityEvents.accountCreated, {
        tenantId,
        actor,
        subject: { type: 'account', id: userId, name: creator.name },
        data: { userId, memberId, email: creator.email },
      });
      tx.events.emit(identityEvents.adminGranted, {
        tenantId,
        actor,
        subject: { type: 'admin', id: userId, name: creator.name },
        data: { ...grant, tenantId },
      });
    });

    return { enterprise, creator: { userId, memberId, email: creator.email } };
  }
}
