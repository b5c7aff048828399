import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, ERROR_TITLES, ErrorCode, FieldError, RivetError } from '@rivet/contracts';

/** An RFC 9457 problem document as the gateway answers it. */
export interface ProblemBody {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  requestId: string;
  [extra: string]: unknown;
}

export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: ProblemBody;
  /** True when the failure is ours, not the caller's: it deserves an error log line. */
  unexpected: boolean;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId']);

/**
 * Turns anything a request handler, guard or the HTTP server threw into the
 * problem document the client receives. Codes map to statuses through the one
 * table in the contracts; errors that carry no code get the closest one by
 * their HTTP status, and anything unknown becomes `internal` without leaking
 * its message.
 */
export function problemOf(err: unknown, instance: string, requestId: string): Problem {
  const { error, unexpected } = asRivetError(err);
  const status = ERROR_STATUS[error.code];
  const extra = Object.fromEntries(
    Object.entries(error.extra).filter(([name]) => !RESERVED.has(name)),
  );
  const body: ProblemBody = {
    type: 'about:blank',
    title: ERROR_TITLES[error.code],
    status,
    detail: error.detail,
    code: error.code,
    instance,
    requestId,
    // Every validation problem lists its fields, even when none can be named.
    ...(error.code === 'validation_failed' ? { errors: [] } : {}),
    ...extra,
  };

  return { status, headers: headersOf(error), body, unexpected };
}

function asRivetError(err: unknown): { error: RivetError; unexpected: boolean } {
  if (err instanceof RivetError) {
    return { error: err, unexpected: err.code === 'internal' };
  }
  const status = statusOf(err);

  if (status === null || status >= 500) {
    return {
      error: new RivetError('internal', 'an internal error occurred'),
      unexpected: true,
    };
  }

  return { error: fromHttpStatus(status, messageOf(err)), unexpected: false };
}

/** The HTTP status of a Nest HTTP exception or of an error raised by Fastify. */
function statusOf(err: unknown): number | null {
  if (err instanceof HttpException) {
    return err.getStatus();
  }
  const statusCode = (err as { statusCode?: unknown } | null)?.statusCode;

  return typeof statusCode === 'number' ? statusCode : null;
}

function messageOf(err: unknown): string {
  if (err instanceof HttpException) {
    const response = err.getResponse();

    if (typeof response === 'string') {
      return response;
    }
    const message = (response as { message?: unknown }).message;

    return Array.isArray(message) ? message.join('; ') : String(message ?? err.message);
  }

  return err instanceof Error ? err.message : String(err);
}

function fromHttpStatus(status: number, message: string): RivetError {
  switch (status) {
    case 401:
      return new RivetError('unauthenticated', 'a valid bearer token is required');
    case 403:
      return new RivetError('forbidden', 'the caller may not do this');
    case 404:
    case 405:
      return new RivetError('not_found', 'no such resource');
    case 413:
      return new RivetError('payload_too_large', 'the request body is too large');
    case 429:
      return new RivetError('rate_limited', 'too many requests', { retryAfter: 1 });
    default: {
      const errors: FieldError[] = [{ field: '(body)', message }];

      return new RivetError('validation_failed', `the request is malformed: ${message}`, {
        errors,
      });
    }
  }
}

function headersOf(error: RivetError): Record<string, string> {
  const status = ERROR_STATUS[error.code];

  if (status === 429) {
    const retryAfter = Number(error.extra.retryAfter);
    const seconds = Number.isFinite(retryAfter) ? Math.max(1, Math.ceil(retryAfter)) : 1;

    return { 'retry-after': String(seconds) };
  }
  if (error.code === 'insufficient_scope') {
    return { 'www-authenticate': 'Bearer error="insufficient_scope"' };
  }
  if (error.code === 'unauthenticated') {
    return { 'www-authenticate': 'Bearer' };
  }

  return {};
}
