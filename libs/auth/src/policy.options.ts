import { Type } from '@nestjs/common';
import { RequestContext } from '@rivet/contracts';
import { AccessClaims } from './claims';
import { AuthenticatedRequest } from './request-auth';

export const POLICY_OPTIONS = Symbol('rivet:policy-options');

export interface PolicyOptions {
  /** The service name, used as the actor of the projection's own requests. */
  service: string;
  /** Controllers whose routes are public without a `@Public()` mark (e.g. the health endpoints). */
  publicControllers?: Type<unknown>[];
  /** Builds the context of the guard's own request to identity; default: ids from the request. */
  contextOf?: (request: AuthenticatedRequest, claims: AccessClaims) => RequestContext;
  /** Period of the full snapshot reload, in milliseconds. Default 30 s. */
  resyncMs?: number;
  /** How long identity's answer about one user's grant is trusted, in milliseconds. Default 5 s. */
  grantCacheMs?: number;
}
