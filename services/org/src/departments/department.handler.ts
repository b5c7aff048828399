import { Controller } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { orgRpc } from '@rivet/contracts';
import { tenantOf } from '../common/tenant-of';
import { DepartmentService } from './department.service';

// TODO(org): scope checks (department scopes of sub-admins, hidden departments) need the
// department tree in the policy projection; the permission itself is checked by the
// RpcPermissionGuard from the catalogue entry.
@Controller()
export class DepartmentHandler {
  constructor(private readonly departments: DepartmentService) {}

  @RpcHandler(orgRpc.createDepartment)
  create({ ctx, input }: RpcRequest<typeof orgRpc.createDepartment>) {
    return this.departments.create(tenantOf(ctx), ctx, input);
  }

  @RpcHandler(orgRpc.getDepartment)
  get({ ctx, input }: RpcRequest<typeof orgRpc.getDepartment>) {
    return this.departments.get(tenantOf(ctx), input.id);
  }

  @RpcHandler(orgRpc.updateDepartment)
  update({ ctx, input }: RpcRequest<typeof orgRpc.updateDepartment>) {
    return this.departments.update(tenantOf(ctx), ctx, input);
  }

  @RpcHandler(orgRpc.deleteDepartment)
  async delete({ ctx, input }: RpcRequest<typeof orgRpc.deleteDepartment>) {
    await this.departments.delete(tenantOf(ctx), ctx, input.id);

    return {};
  }

  @RpcHandler(orgRpc.listDepartments)
  list({ ctx, input }: RpcRequest<typeof orgRpc.listDepartments>) {
    return this.departments.list(tenantOf(ctx), input);
  }

  @RpcHandler(orgRpc.departmentTree)
  tree({ ctx }: RpcRequest<typeof orgRpc.departmentTree>) {
    return this.departments.tree(tenantOf(ctx));
  }
}
