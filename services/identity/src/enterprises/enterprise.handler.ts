import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { identityRpc, RpcOutput } from '@rivet/contracts';
import { EnterpriseService } from './enterprise.service';

@Controller()
export class EnterpriseHandler {
  constructor(@Inject(EnterpriseService) private readonly enterprises: EnterpriseService) {}

  /** Public: anyone may open an enterprise and become its first super admin. */
  @RpcHandler(identityRpc.createEnterprise)
  create({
    ctx,
    input,
  }: RpcRequest<typeof identityRpc.createEnterprise>): Promise<
    RpcOutput<typeof identityRpc.createEnterprise>
  > {
    return this.enterprises.create(input, ctx.actor.ip);
  }
}
