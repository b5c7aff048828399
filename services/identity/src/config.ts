import { baseConfigSchema } from '@rivet/platform';
import { z } from 'zod';

export const identityConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: z.coerce.number().int().default(8101),
  /** Lifetime of an access token, in seconds. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Lifetime of a refresh token, in seconds (30 days by default). */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(365 * 86_400)
    .default(30 * 86_400),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
