import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { identityRpc, RpcOutput } from '@rivet/contracts';
import { requireUser } from '../request-context';
import { SessionService } from './session.service';

type Tokens = RpcOutput<typeof identityRpc.login>;

@Controller()
export class AuthHandler {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  /** Public: the password is the proof. */
  @RpcHandler(identityRpc.login)
  login({ ctx, input }: RpcRequest<typeof identityRpc.login>): Promise<Tokens> {
    return this.sessions.login(input, ctx.actor.ip);
  }

  /** Public: the refresh token is the proof. */
  @RpcHandler(identityRpc.refresh)
  refresh({ ctx, input }: RpcRequest<typeof identityRpc.refresh>): Promise<Tokens> {
    return this.sessions.refresh(input.refreshToken, ctx.actor.ip);
  }

  @RpcHandler(identityRpc.logout)
  async logout({
    ctx,
    input,
  }: RpcRequest<typeof identityRpc.logout>): Promise<RpcOutput<typeof identityRpc.logout>> {
    const caller = requireUser(ctx);

    await this.sessions.logout(caller, input, ctx.actor.ip);

    return {};
  }
}
