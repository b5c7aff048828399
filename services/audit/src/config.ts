import { baseConfigSchema } from '@rivet/platform';
import { z } from 'zod';

export const auditConfigSchema = baseConfigSchema.extend({
  HTTP_PORT: z.coerce.number().int().default(8103),
});
export type AuditConfig = z.infer<typeof auditConfigSchema>;
