import { Envelope } from '@rivet/contracts';
import { auditDetails, storableString } from './audit-details.redaction';
import { AuditRecord } from './audit-record.hash';

/** A record before it has a place in its tenant's chain. */
export type PendingRecord = Omit<AuditRecord, 'seq'>;

const nullable = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : storableString(value);

/**
 * What the audit log keeps of a domain event. Values are normalised exactly
 * as Postgres will return them (lower-case uuids, millisecond timestamps,
 * storable strings), so that a hash computed now verifies after a round trip.
 */
export function pendingRecordOf(envelope: Envelope): PendingRecord {
  return {
    eventId: envelope.id.toLowerCase(),
    at: new Date(envelope.at).toISOString(),
    tenantId: envelope.tenantId.toLowerCase(),
    actor: {
      type: envelope.actor.type,
      id: nullable(envelope.actor.id),
      ip: nullable(envelope.actor.ip),
    },
    action: storableString(envelope.type),
    target: {
      type: storableString(envelope.subject.type),
      id: storableString(envelope.subject.id),
      name: nullable(envelope.subject.name),
    },
    ip: nullable(envelope.actor.ip),
    result: envelope.result,
    details: auditDetails(envelope.data),
  };
}
