import { baseConfigSchema } from '@rivet/platform';
import { z } from 'zod';

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Comma-separated addresses or CIDRs of proxies whose forwarding headers are
   * believed. None by default: the client address is the connection's peer.
   */
  RIVET_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  /** Bearer token of the operator endpoints; they answer nothing while it is unset. */
  RIVET_OPERATOR_TOKEN: z.string().min(16).optional(),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
