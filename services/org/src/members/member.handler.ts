import { Controller } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { orgRpc } from '@rivet/contracts';
import { tenantOf } from '../common/tenant-of';
import { MemberService } from './member.service';

// TODO(org): scope and visibility checks need the department tree in the policy projection;
// the permission itself is checked by the RpcPermissionGuard from the catalogue entry.
@Controller()
export class MemberHandler {
  constructor(private readonly members: MemberService) {}

  @RpcHandler(orgRpc.createMember)
  create({ ctx, input }: RpcRequest<typeof orgRpc.createMember>) {
    return this.members.create(tenantOf(ctx), ctx, input);
  }

  @RpcHandler(orgRpc.getMember)
  get({ ctx, input }: RpcRequest<typeof orgRpc.getMember>) {
    return this.members.get(tenantOf(ctx), input.id);
  }

  @RpcHandler(orgRpc.updateMember)
  update({ ctx, input }: RpcRequest<typeof orgRpc.updateMember>) {
    return this.members.update(tenantOf(ctx), ctx, input);
  }

  @RpcHandler(orgRpc.deleteMember)
  async delete({ ctx, input }: RpcRequest<typeof orgRpc.deleteMember>) {
    await this.members.delete(tenantOf(ctx), ctx, input.id);

    return {};
  }

  @RpcHandler(orgRpc.listMembers)
  list({ ctx, input }: RpcRequest<typeof orgRpc.listMembers>) {
    return this.members.list(tenantOf(ctx), input);
  }
}
