import { z } from 'zod';
import { actorSchema } from './context';
import { defineRpc, pageOf, pageQuerySchema } from './rpc';

export const auditEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  tenantId: z.string(),
  actor: actorSchema,
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), name: z.string().nullable() }),
  ip: z.string().nullable(),
  result: z.enum(['success', 'failure']),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditRpc = {
  listEvents: defineRpc(
    'audit.event.list',
    pageQuerySchema.extend({
      action: z.string().min(1).max(200).optional(),
      actorId: z.string().min(1).max(200).optional(),
      targetId: z.string().min(1).max(200).optional(),
      from: z.string().datetime({ offset: true }).optional(),
      to: z.string().datetime({ offset: true }).optional(),
    }),
    pageOf(auditEventSchema),
    { permission: 'audit.read' },
  ),
  verify: defineRpc(
    'audit.chain.verify',
    z.object({}).passthrough(),
    z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      firstBrokenSeq: z.number().int().optional(),
    }),
    { permission: 'audit.read' },
  ),
};
