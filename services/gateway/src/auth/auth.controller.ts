import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccessClaims, Public } from '@rivet/auth';
import { BusClient } from '@rivet/bus';
import { identityRpc, RequestContext, RpcOutput } from '@rivet/contracts';
import { z } from 'zod';
import { Claims, Ctx } from '../http/request.decorators';
import { asInput, objectBody } from '../http/untrusted-input';
import { Endpoint } from '../openapi/endpoint.decorator';

const logoutBodySchema = z.object({ refreshToken: z.string().min(1).max(200).optional() });

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(BusClient) private readonly bus: BusClient) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Endpoint({
    summary: 'Sign in with email and password',
    status: 200,
    body: identityRpc.login.input,
    response: identityRpc.login.output,
    public: true,
  })
  login(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof identityRpc.login>> {
    return this.bus.request(identityRpc.login, ctx, asInput(identityRpc.login, body));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @Endpoint({
    summary: 'Exchange a refresh token for new tokens (the old one is spent)',
    status: 200,
    body: identityRpc.refresh.input,
    response: identityRpc.refresh.output,
    public: true,
  })
  refresh(
    @Ctx() ctx: RequestContext,
    @Body() body: unknown,
  ): Promise<RpcOutput<typeof identityRpc.refresh>> {
    return this.bus.request(identityRpc.refresh, ctx, asInput(identityRpc.refresh, body));
  }

  @Post('logout')
  @HttpCode(204)
  @Endpoint({ summary: 'End the current session', status: 204, body: logoutBodySchema })
  async logout(
    @Ctx() ctx: RequestContext,
    @Claims() claims: AccessClaims,
    @Body() body: unknown,
  ): Promise<void> {
    const { refreshToken } = objectBody(body);

    await this.bus.request(
      identityRpc.logout,
      ctx,
      asInput(identityRpc.logout, { sessionId: claims.sessionId, refreshToken }),
    );
  }
}
