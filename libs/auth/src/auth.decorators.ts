import { SetMetadata } from '@nestjs/common';
import { Permission, RpcDef } from '@rivet/contracts';

export const PUBLIC_ROUTE = 'rivet:public-route';
export const REQUIRED_PERMISSION = 'rivet:required-permission';

/** Marks a route (or every route of a controller) as reachable without a token. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/**
 * Requires the caller to hold a permission in its tenant, decided by the
 * in-memory policy projection. Implies an authenticated caller. Given a
 * catalogue entry, the permission is the one the entry names, so that the
 * route and the service behind it check the same thing.
 */
export function RequirePermission(rule: Permission | RpcDef): MethodDecorator & ClassDecorator {
  const permission = typeof rule === 'string' ? rule : rule.permission;

  if (!permission) {
    throw new Error(`${(rule as RpcDef).subject} names no permission to require`);
  }

  return SetMetadata(REQUIRED_PERMISSION, permission);
}
