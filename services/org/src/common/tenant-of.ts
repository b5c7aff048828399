import { RequestContext, RivetError } from '@rivet/contracts';

/**
 * The tenant a request acts in. Org data always belongs to one enterprise,
 * so a request without a tenant or from an anonymous caller stops here.
 */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId || ctx.actor.type === 'anonymous') {
    throw new RivetError('forbidden', 'this operation needs a signed-in member of an enterprise');
  }

  return ctx.tenantId;
}
