import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export interface ImportLineError {
  line: number;
  code: string;
  detail: string;
}

/**
 * One CSV import and its progress. The CSV itself is kept here, not in the
 * job, so that a lost Redis loses no import: the job carries only the id.
 */
@Entity({ name: 'imports' })
@Index('imports_tenant_created', ['tenantId', 'createdAt'])
export class ImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  kind!: 'departments' | 'members';

  @Column({ type: 'text', default: 'running' })
  status!: 'running' | 'done' | 'failed';

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  done!: number;

  @Column({ type: 'int', default: 0 })
  failed!: number;

  @Column({ type: 'int', default: 0 })
  created!: number;

  @Column({ type: 'int', default: 0 })
  updated!: number;

  @Column({ type: 'int', default: 0 })
  unchanged!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors!: ImportLineError[];

  @Column({ type: 'text' })
  csv!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  mapping!: Record<string, string | string[]>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  defaults!: { emailDomain?: string };

  @Column({ type: 'jsonb' })
  actor!: {
    type: 'user' | 'system' | 'operator' | 'anonymous';
    id: string | null;
    ip: string | null;
  };

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
