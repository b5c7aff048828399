import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Actor, actorSchema } from './context';

/** The aggregate an event is about. */
export const eventSubjectSchema = z.object({
  type: z.string(),
  id: z.string(),
  name: z.string().nullable().default(null),
});

/** Every domain event travels in this envelope. */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string(),
  version: z.number().int().positive(),
  tenantId: z.string().uuid(),
  actor: actorSchema,
  at: z.string().datetime(),
  subject: eventSubjectSchema,
  result: z.enum(['success', 'failure']).default('success'),
  data: z.unknown(),
});
export type EventSubject = z.infer<typeof eventSubjectSchema>;
export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

/**
 * A domain event kind: its name (`org.member.created`), its schema version
 * and the schema of its payload. The JetStream subject is `evt.` + name.
 */
export interface EventDef<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly name: string;
  readonly version: number;
  readonly data: S;
}

export function defineEvent<S extends z.ZodTypeAny>(
  name: string,
  version: number,
  data: S,
): EventDef<S> {
  return { name, version, data };
}

export interface NewEvent<S extends z.ZodTypeAny> {
  tenantId: string;
  actor: Actor;
  subject: { type: string; id: string; name?: string | null };
  data: z.input<S>;
  result?: 'success' | 'failure';
}

/** Builds an envelope, validating the payload on the producing side. */
export function buildEnvelope<S extends z.ZodTypeAny>(
  def: EventDef<S>,
  event: NewEvent<S>,
): Envelope<z.output<S>> {
  return {
    id: randomUUID(),
    type: def.name,
    version: def.version,
    tenantId: event.tenantId,
    actor: event.actor,
    at: new Date().toISOString(),
    subject: { type: event.subject.type, id: event.subject.id, name: event.subject.name ?? null },
    result: event.result ?? 'success',
    data: def.data.parse(event.data),
  };
}

/** Validates an envelope and its payload on the consuming side. */
export function parseEnvelope<S extends z.ZodTypeAny>(
  def: EventDef<S>,
  raw: unknown,
): Envelope<z.output<S>> {
  const envelope = envelopeSchema.parse(raw);

  return { ...envelope, data: def.data.parse(envelope.data) };
}
