import { AccessClaims } from './claims';

/** The property of the HTTP request where the access guard leaves the verified claims. */
export const REQUEST_CLAIMS = 'rivetClaims';

/** The parts of an HTTP request (Fastify or Express) the access guard reads and writes. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The request id given by the HTTP server, when it assigns one. */
  id?: string;
  /** The client address as the HTTP server established it. */
  ip?: string;
  [REQUEST_CLAIMS]?: AccessClaims;
}

/** The verified claims of the request's bearer, or null on a public route without a token. */
export function claimsOf(request: AuthenticatedRequest): AccessClaims | null {
  return request[REQUEST_CLAIMS] ?? null;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerTokenOf(request: AuthenticatedRequest): string | null {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;

  if (!value) {
    return null;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);

  return match ? match[1] : null;
}
