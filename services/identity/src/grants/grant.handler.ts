import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { identityRpc, RpcOutput } from '@rivet/contracts';
import { acrossTenants, inTenant } from '@rivet/database';
import { DataSource } from 'typeorm';
import { requireTenant } from '../request-context';
import { AdminGrantRepository } from './admin-grant.repository';

@Controller()
export class GrantHandler {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AdminGrantRepository) private readonly grants: AdminGrantRepository,
  ) {}

  @RpcHandler(identityRpc.grant)
  async get({
    ctx,
    input,
  }: RpcRequest<typeof identityRpc.grant>): Promise<RpcOutput<typeof identityRpc.grant>> {
    const tenantId = requireTenant(ctx);
    const grant = await inTenant(this.dataSource, tenantId, (tx) =>
      this.grants.find(tx, input.userId),
    );

    return { grant };
  }

  /** The policy library's start-up snapshot: every tenant's grants, for trusted services. */
  @RpcHandler(identityRpc.grants)
  async list(): Promise<RpcOutput<typeof identityRpc.grants>> {
    // TODO(identity): page this once installations hold many thousands of administrators.
    const grants = await acrossTenants(this.dataSource, (manager) =>
      this.grants.findAllTenants(manager),
    );

    return { grants };
  }
}
