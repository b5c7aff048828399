import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { orgRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx, IdParam } from '../http/request.decorators';
import { asInput } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('imports')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Post()
  @HttpCode(202)
  @RequirePermission('org.manage')
  @Endpoint({
    summary: 'Start a CSV import of departments or members; runs in the background',
    status: 202,
    body: orgRpc.startImport.input,
    response: orgRpc.startImport.output,
  })
  start(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof orgRpc.startImport>> {
    return this.bus.request(orgRpc.startImport, ctx, asInput(orgRpc.startImport, body));
  }

  @Get(':id')
  @RequirePermission('org.manage')
  @Endpoint({
    summary: 'Progress and errors of an import',
    status: 200,
    response: orgRpc.getImport.output,
  })
  get(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
  ): Promise<RpcOutput<typeof orgRpc.getImport>> {
    return this.bus.request(orgRpc.getImport, ctx, { id });
  }
}
