/**
 * Stable, machine-readable error codes. A code is what crosses the bus and
 * what clients match on; the HTTP status for each code lives in
 * {@link ERROR_STATUS}, the one table the gateway maps with.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  mfa_required: 401,
  forbidden: 403,
  insufficient_scope: 403,
  ip_not_allowed: 403,
  edition_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  too_many_attempts: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthenticated: 'Unauthenticated',
  mfa_required: 'Second factor required',
  forbidden: 'Forbidden',
  insufficient_scope: 'Insufficient scope',
  ip_not_allowed: 'Address not allowed',
  edition_required: 'Edition required',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  rate_limited: 'Rate limited',
  too_many_attempts: 'Too many attempts',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

/** One invalid field of a request: a dotted path and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** The plain shape of an error as it travels over NATS. */
export interface WireError {
  code: ErrorCode;
  detail: string;
  /** Extra members of the problem document (`errors`, `mfaToken`, `retryAfter`, ...). */
  extra?: Record<string, unknown>;
}

/**
 * The one error type that service code throws. Its code survives the NATS hop
 * and becomes the HTTP status at the gateway.
 */
export class RivetError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'RivetError';
  }

  static notFound(what: string): RivetError {
    return new RivetError('not_found', `${what} was not found`);
  }

  static validation(errors: FieldError[]): RivetError {
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');

    return new RivetError('validation_failed', detail, { errors });
  }

  toWire(): WireError {
    return { code: this.code, detail: this.detail, extra: this.extra };
  }

  static fromWire(wire: unknown): RivetError {
    if (isWireError(wire)) {
      return new RivetError(wire.code, wire.detail, wire.extra ?? {});
    }

    return new RivetError('internal', 'an upstream service failed');
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const code = (value as { code?: unknown }).code;

  return typeof code === 'string' && code in ERROR_STATUS;
}

/** Field errors from a failed zod parse, as the `errors` member of a problem. */
export function fieldErrorsOf(
  issues: { path: (string | number)[]; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}
