import { AccessClaims, AuthenticatedRequest, claimsOf } from '@rivet/auth';
import { RequestContext } from '@rivet/contracts';
import { randomBytes } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A caller's `x-request-id` when it is a sane identifier, else null (the server makes one). */
export function requestIdFrom(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;

  return value !== undefined && REQUEST_ID.test(value) ? value : null;
}

/** The trace id of a W3C `traceparent` header, or null when absent or invalid. */
export function traceIdFrom(header: string | string[] | undefined): string | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  const match = value ? TRACEPARENT.exec(value) : null;

  if (!match || /^0+$/.test(match[1])) {
    return null;
  }

  return match[1];
}

export interface ContextInput {
  requestId: string;
  ip: string | null;
  traceId: string;
  claims: AccessClaims | null;
}

/** The context a request carries to every service: its ids, the client address and the caller. */
export function buildRequestContext(input: ContextInput): RequestContext {
  const { claims } = input;

  return {
    tenantId: claims?.tenantId ?? null,
    actor: claims
      ? { type: 'user', id: claims.userId, ip: input.ip }
      : { type: 'anonymous', id: null, ip: input.ip },
    requestId: input.requestId,
    traceId: input.traceId,
  };
}

const traceIds = new WeakMap<object, string>();

/** The request's trace id: the caller's when it sent a `traceparent`, else one made once. */
export function traceIdOf(request: AuthenticatedRequest): string {
  let traceId = traceIds.get(request);

  if (!traceId) {
    traceId = traceIdFrom(request.headers.traceparent) ?? randomBytes(16).toString('hex');
    traceIds.set(request, traceId);
  }

  return traceId;
}

/** The context of an HTTP request, with the claims the access guard verified (if any). */
export function contextOf(request: AuthenticatedRequest): RequestContext {
  return buildRequestContext({
    requestId: request.id ?? 'unknown',
    ip: request.ip ?? null,
    traceId: traceIdOf(request),
    claims: claimsOf(request),
  });
}
