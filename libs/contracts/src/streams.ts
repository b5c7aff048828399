/**
 * Names on the bus. Every subject and stream name goes through here so that a
 * deployment (or a test file) can run beside another on one NATS server by
 * setting `RIVET_BUS_PREFIX`.
 */
export const EVENT_SUBJECT_ROOT = 'evt';
export const EVENTS_STREAM = 'RIVET_EVENTS';

/** The prefix from `RIVET_BUS_PREFIX`, read when first needed (before decorators run). */
export function busPrefix(): string {
  const raw = process.env.RIVET_BUS_PREFIX ?? '';

  return raw === '' || raw.endsWith('.') ? raw : `${raw}.`;
}

/** The NATS subject of a request/reply endpoint. */
export function rpcSubject(subject: string): string {
  return `${busPrefix()}${subject}`;
}

/** The JetStream subject of a domain event (`org.member.created` → `evt.org.member.created`). */
export function eventSubject(eventName: string): string {
  return `${busPrefix()}${EVENT_SUBJECT_ROOT}.${eventName}`;
}

/** The event name back from a JetStream subject. */
export function eventNameOf(subject: string): string {
  return subject.slice(`${busPrefix()}${EVENT_SUBJECT_ROOT}.`.length);
}

export function eventsStreamName(): string {
  const prefix = busPrefix().replace(/[^A-Za-z0-9_-]/g, '_');

  return `${prefix}${EVENTS_STREAM}`;
}

/** BullMQ queue names (BullMQ forbids `:`), one pattern: `<service>-<job>`. */
export const QUEUES = {
  orgImport: 'org-import',
} as const;

/** The BullMQ key prefix, so that test files and installations sharing a Redis stay apart. */
export function queuePrefix(): string {
  return `rivet${busPrefix() ? `-${busPrefix().replace(/\.$/, '')}` : ''}`;
}

/** How long a parked upload waits for its consumer, in seconds. */
export const UPLOAD_TTL_SECONDS = 15 * 60;

/** The Redis key of an upload parked for another service (too large for a bus message). */
export function uploadKey(ref: string): string {
  return `${queuePrefix()}:upload:${ref}`;
}
