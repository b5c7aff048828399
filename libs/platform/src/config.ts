import { z } from 'zod';

/** Settings every Rivet process reads. Services extend this schema with their own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/rivet'),
  /** Overrides the schema a service declares (tests and shared databases). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  /** Postgres pool size per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** Prepended to every subject and stream name; lets several installations share one NATS. */
  RIVET_BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*\.?$/)
    .default(''),
  /** Address of a back-end service's health and metrics listener. */
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  /** How long JetStream waits for a consumer's ack before redelivering, in milliseconds. */
  RIVET_EVENT_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** How long a command or query may wait for its reply, in milliseconds. */
  RIVET_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Keys whose values are secrets: the name ends in one of these words. */
const SECRET_KEY = /(PASSWORD|SECRET|TOKEN|KEY)$/i;

/** Raised at start-up with every problem of the environment at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once into a typed object. All problems are
 * reported together; values of secret-looking keys never appear in messages.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);

  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const value = env[key];
    const shown =
      value === undefined ? 'unset' : SECRET_KEY.test(key) ? '***' : JSON.stringify(value);

    return `${key} (${shown}): ${issue.message}`;
  });

  throw new ConfigError(problems);
}

/** A copy of the configuration fit for a log line, secrets masked. */
export function describeConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      SECRET_KEY.test(key) && value !== undefined ? '***' : maskUrl(value),
    ]),
  );
}

function maskUrl(value: unknown): unknown {
  if (typeof value !== 'string' || !value.includes('://')) {
    return value;
  }
  try {
    const url = new URL(value);

    if (url.password) {
      url.password = '***';
    }

    return url.toString();
  } catch {
    return value;
  }
}
