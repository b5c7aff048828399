import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of a tenant's hash chain. Its row is the per-tenant lock: an
 * ingest takes it `FOR UPDATE` before appending, so replicas never fork a chain.
 */
@Entity({ name: 'audit_chains' })
export class AuditChainEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Seq of the last appended row; 0 before the first. */
  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq!: string;

  /** Hash of the last appended row; 64 zeros before the first. */
  @Column({ name: 'last_hash', type: 'text' })
  lastHash!: string;
}
