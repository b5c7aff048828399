import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BusClient } from '@rivet/bus';
import { identityRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx } from '../http/request.decorators';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('me')
@Controller('api/v1/me')
export class MeController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Get()
  @Endpoint({
    summary: 'The caller: account, enterprise and administrator role',
    status: 200,
    response: identityRpc.me.output,
  })
  me(@Ctx() ctx: RequestContext): Promise<RpcOutput<typeof identityRpc.me>> {
    return this.bus.request(identityRpc.me, ctx, {});
  }
}
