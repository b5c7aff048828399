import pino, { Logger } from 'pino';

/**
 * Field names whose values never reach a log line, at any depth the redaction
 * covers (top level, one and two levels down).
 */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'secret',
  'clientSecret',
  'client_secret',
  'code',
  'authorization',
  'cookie',
  'csv',
];

export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
  `req.headers.${field}`,
]);

/** The process logger: pino JSON with the service name on every line. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
