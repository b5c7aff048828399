import { createParamDecorator, ExecutionContext, Param } from '@nestjs/common';
import { AccessClaims, AuthenticatedRequest, claimsOf } from '@rivet/auth';
import { RequestContext, RivetError } from '@rivet/contracts';
import { contextOf } from './request-context';
import { UuidPipe } from './uuid.pipe';

/** The {@link RequestContext} of the current request, to pass to every bus call. */
export const Ctx = createParamDecorator(
  (_data: unknown, host: ExecutionContext): RequestContext =>
    contextOf(host.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The verified claims of the caller; only on routes the access guard authenticated. */
export const Claims = createParamDecorator(
  (_data: unknown, host: ExecutionContext): AccessClaims => {
    const claims = claimsOf(host.switchToHttp().getRequest<AuthenticatedRequest>());

    if (!claims) {
      throw new RivetError('unauthenticated', 'a bearer token is required');
    }

    return claims;
  },
);

/** The `:id` path parameter; anything but a UUID answers 404, as an absent record would. */
export function IdParam(): ParameterDecorator {
  return Param('id', new UuidPipe());
}
