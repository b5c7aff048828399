import { Controller } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { orgRpc } from '@rivet/contracts';
import { tenantOf } from '../common/tenant-of';
import { ImportService } from './import.service';

@Controller()
export class ImportHandler {
  constructor(private readonly imports: ImportService) {}

  @RpcHandler(orgRpc.startImport)
  start({ ctx, input }: RpcRequest<typeof orgRpc.startImport>) {
    return this.imports.start(tenantOf(ctx), ctx, input);
  }

  @RpcHandler(orgRpc.getImport)
  get({ ctx, input }: RpcRequest<typeof orgRpc.getImport>) {
    return this.imports.get(tenantOf(ctx), input.id);
  }
}
