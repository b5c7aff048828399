import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { identityRpc, PERMISSIONS, RivetError, RpcOutput } from '@rivet/contracts';
import { inTenant } from '@rivet/database';
import { DataSource } from 'typeorm';
import { AccountRepository } from '../accounts/account.repository';
import { EnterpriseRepository } from '../enterprises/enterprise.repository';
import { AdminGrantRepository } from '../grants/admin-grant.repository';
import { requireUser } from '../request-context';

@Controller()
export class MeHandler {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(EnterpriseRepository) private readonly enterprises: EnterpriseRepository,
    @Inject(AdminGrantRepository) private readonly grants: AdminGrantRepository,
  ) {}

  @RpcHandler(identityRpc.me)
  async get({ ctx }: RpcRequest<typeof identityRpc.me>): Promise<RpcOutput<typeof identityRpc.me>> {
    const { tenantId, userId } = requireUser(ctx);
    const found = await inTenant(this.dataSource, tenantId, async (tx) => ({
      account: await this.accounts.findById(tx, userId),
      enterprise: await this.enterprises.findById(tx.manager, tenantId),
      grant: await this.grants.find(tx, userId),
    }));
    const { account, enterprise, grant } = found;

    if (!account || !enterprise || account.status !== 'active') {
      throw new RivetError('unauthenticated', 'the account no longer exists or is disabled');
    }

    return {
      user: {
        id: account.id,
        memberId: account.memberId,
        email: account.email,
        name: account.name,
      },
      enterprise: {
        id: enterprise.id,
        name: enterprise.name,
        edition: enterprise.edition,
        region: enterprise.region,
      },
      admin: grant
        ? {
            role: grant.role,
            permissions: grant.role === 'super_admin' ? [...PERMISSIONS] : grant.permissions,
            scope: grant.scope,
          }
        : null,
    };
  }
}
