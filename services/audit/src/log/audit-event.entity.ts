import { Actor } from '@rivet/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One line of a tenant's audit log. Rows are only ever inserted (a trigger
 * rejects UPDATE, DELETE and TRUNCATE) and each carries the hash of its
 * predecessor, so a changed or missing row breaks the chain.
 *
 * The two expression indexes on `actor->>'id'` and `target->>'id'` are
 * written by hand in the migration; TypeORM cannot describe them.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_action', ['tenantId', 'action', 'seq'])
@Index('audit_events_at', ['tenantId', 'at'])
@Index('audit_events_actor_id', { synchronize: false })
@Index('audit_events_target_id', { synchronize: false })
export class AuditEventEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Position in the tenant's chain, from 1 with no gaps. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  actor!: Actor;

  // Byte order, so that an action prefix filter (`org.member.*`) can use the index.
  @Column({ type: 'text', collation: 'C' })
  action!: string;

  @Column({ type: 'jsonb' })
  target!: { type: string; id: string; name: string | null };

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text' })
  result!: 'success' | 'failure';

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
