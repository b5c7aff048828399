import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { auditRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx } from '../http/request.decorators';
import { asInput } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Get('events')
  @RequirePermission(auditRpc.listEvents)
  @Endpoint({
    summary: 'Search the audit log, paginated',
    status: 200,
    query: auditRpc.listEvents.input,
    response: auditRpc.listEvents.output,
  })
  events(
    @Ctx() ctx: RequestContext,
    @Query() query: unknown,
  ): Promise<RpcOutput<typeof auditRpc.listEvents>> {
    return this.bus.request(auditRpc.listEvents, ctx, asInput(auditRpc.listEvents, query));
  }

  @Get('verify')
  @RequirePermission(auditRpc.verify)
  @Endpoint({
    summary: "Check the integrity of the enterprise's audit hash chain",
    status: 200,
    response: auditRpc.verify.output,
  })
  verify(@Ctx() ctx: RequestContext): Promise<RpcOutput<typeof auditRpc.verify>> {
    return this.bus.request(auditRpc.verify, ctx, {});
  }
}
