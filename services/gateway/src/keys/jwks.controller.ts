import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { identityRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx } from '../http/request.decorators';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Get('jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=60')
  @Endpoint({
    summary: 'The public keys access tokens are signed with',
    status: 200,
    response: identityRpc.keys.output,
    public: true,
  })
  keys(@Ctx() ctx: RequestContext): Promise<RpcOutput<typeof identityRpc.keys>> {
    return this.bus.request(identityRpc.keys, ctx, {});
  }
}
