import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { RPC_DEF } from '@rivet/bus';
import { requestContextSchema, RivetError, RpcDef } from '@rivet/contracts';
import { PolicyProjection } from './policy-projection';

/**
 * Enforces, in the service that receives a command or query, the permission
 * its catalogue entry names. The gateway checked it already; a service does
 * not take that on trust. Guards run before interceptors, so the context is
 * read from the raw message here.
 */
@Injectable()
export class RpcPermissionGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PolicyProjection) private readonly projection: PolicyProjection,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'rpc') {
      return true;
    }
    const def = this.reflector.get<RpcDef | undefined>(RPC_DEF, context.getHandler());

    if (!def?.permission) {
      return true;
    }
    const raw = context.switchToRpc().getData() as { ctx?: unknown } | undefined;
    const ctx = requestContextSchema.safeParse(raw?.ctx);
    let allowed = false;

    try {
      allowed = ctx.success && (await this.projection.allows(ctx.data, def.permission));
    } catch {
      throw new RpcException(
        new RivetError('unavailable', 'permissions cannot be checked right now').toWire(),
      );
    }
    if (!allowed) {
      throw new RpcException(new RivetError('forbidden', `${def.permission} is required`).toWire());
    }

    return true;
  }
}
