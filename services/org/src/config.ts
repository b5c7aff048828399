import { baseConfigSchema } from '@rivet/platform';
import { z } from 'zod';

export const orgConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: z.coerce.number().int().default(8102),
  /** Import jobs one org process runs at once. */
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
});
export type OrgConfig = z.infer<typeof orgConfigSchema>;
