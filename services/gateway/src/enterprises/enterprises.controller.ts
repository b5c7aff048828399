import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { identityRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { Ctx } from '../http/request.decorators';
import { asInput } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

@ApiTags('enterprises')
@Controller('api/v1/enterprises')
export class EnterprisesController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Post()
  @Public()
  @HttpCode(201)
  @Endpoint({
    summary: 'Create an enterprise; its creator becomes the super admin',
    status: 201,
    body: identityRpc.createEnterprise.input,
    response: identityRpc.createEnterprise.output,
    public: true,
  })
  create(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof identityRpc.createEnterprise>> {
    return this.bus.request(
      identityRpc.createEnterprise,
      ctx,
      asInput(identityRpc.createEnterprise, body),
    );
  }
}
