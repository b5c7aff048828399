import { SetMetadata } from '@nestjs/common';
import { Permission } from '@rivet/contracts';

export const PUBLIC_ROUTE = 'rivet:public-route';
export const REQUIRED_PERMISSION = 'rivet:required-permission';

/** Marks a route (or every route of a controller) as reachable without a token. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/**
 * Requires the caller to hold a permission in its tenant, decided by the
 * in-memory policy projection. Implies an authenticated caller.
 */
export function RequirePermission(permission: Permission): MethodDecorator & ClassDecorator {
  return SetMetadata(REQUIRED_PERMISSION, permission);
}
