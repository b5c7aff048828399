import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission, RequestContext, RivetError } from '@rivet/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { AccessClaims } from './claims';
import { POLICY_OPTIONS, PolicyOptions } from './policy.options';
import { PolicyProjection } from './policy-projection';
import { AuthenticatedRequest, bearerTokenOf, REQUEST_CLAIMS } from './request-auth';
import { TokenVerifier } from './token-verifier';

/**
 * Guards every HTTP route: a route not marked `@Public()` needs a valid,
 * unrevoked bearer token, whose claims are left on the request; a route
 * marked `@RequirePermission(...)` also needs that permission in the
 * caller's tenant. Register it as the application guard of an HTTP edge.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(PolicyProjection) private readonly projection: PolicyProjection,
    @Inject(POLICY_OPTIONS) private readonly options: PolicyOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    const isPublic =
      this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true ||
      (this.options.publicControllers ?? []).includes(context.getClass());

    if (isPublic && !permission) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = await this.authenticate(request);

    request[REQUEST_CLAIMS] = claims;
    if (permission) {
      const ctx = (this.options.contextOf ?? defaultContext)(request, claims);

      if (!(await this.projection.can(claims, permission, ctx))) {
        throw new RivetError('forbidden', `this needs the ${permission} permission`);
      }
    }

    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<AccessClaims> {
    const token = bearerTokenOf(request);

    if (!token) {
      throw new RivetError('unauthenticated', 'a bearer token is required');
    }
    const claims = await this.verifier.verify(token);

    if (!claims) {
      throw new RivetError('unauthenticated', 'the token is invalid or has expired');
    }
    if (this.projection.isSessionEnded(claims.sessionId)) {
      throw new RivetError('unauthenticated', 'the session has ended');
    }

    return claims;
  }
}

function defaultContext(request: AuthenticatedRequest, claims: AccessClaims): RequestContext {
  return {
    tenantId: claims.tenantId,
    actor: { type: 'user', id: claims.userId, ip: request.ip ?? null },
    requestId: request.id ?? randomUUID(),
    traceId: randomBytes(16).toString('hex'),
  };
}
