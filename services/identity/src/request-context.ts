import { RequestContext, RivetError } from '@rivet/contracts';

/** The tenant a request acts in; refused when the caller named none. */
export function requireTenant(ctx: RequestContext): string {
  if (!ctx.tenantId) {
    throw new RivetError('unauthenticated', 'this request needs an enterprise context');
  }

  return ctx.tenantId;
}

/** The signed-in user and their tenant; refused for anyone else. */
export function requireUser(ctx: RequestContext): { tenantId: string; userId: string } {
  const tenantId = requireTenant(ctx);

  if (ctx.actor.type !== 'user' || !ctx.actor.id) {
    throw new RivetError('unauthenticated', 'this request needs a signed-in user');
  }

  return { tenantId, userId: ctx.actor.id };
}
