import { ServiceDatabase } from '@rivet/database';
import { AuditChainEntity } from './log/audit-chain.entity';
import { AuditEventEntity } from './log/audit-event.entity';
import { Init1796316794032 } from './migrations/1796316794032-init';

// No outbox or processed-events table: audit emits no events, and its
// idempotency key is the unique event id of audit_events itself.
export const database: ServiceDatabase = {
  schema: 'audit',
  entities: [AuditEventEntity, AuditChainEntity],
  migrations: [Init1796316794032],
};
