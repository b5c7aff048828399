import { z } from 'zod';

/** Who caused a request or an event. */
export const actorSchema = z.object({
  type: z.enum(['user', 'system', 'operator', 'anonymous']),
  /** The user id for `user`, the service name for `system`, null otherwise. */
  id: z.string().nullable(),
  /** The client address as the gateway established it, when known. */
  ip: z.string().nullable().default(null),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * What the gateway verified about a request, carried with every command and
 * query so that a service can authorise it again and tag what it emits.
 */
export const requestContextSchema = z.object({
  tenantId: z.string().uuid().nullable(),
  actor: actorSchema,
  requestId: z.string(),
  traceId: z.string(),
});
export type RequestContext = z.infer<typeof requestContextSchema>;

export const SYSTEM_ACTOR = (service: string): Actor => ({ type: 'system', id: service, ip: null });
