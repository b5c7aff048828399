import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A member of an enterprise. Emails are stored lower-cased, so the unique
 * index on them is case-insensitive. The `*_external_id(s)` columns keep what
 * an import asked for (see the department entity); `departments_pending` is
 * true while some of `department_external_ids` have not been resolved.
 */
@Entity({ name: 'members' })
@Index('members_tenant_external_id', ['tenantId', 'externalId'], { unique: true })
@Index('members_tenant_email', ['tenantId', 'email'], { unique: true })
@Index('members_tenant_id', ['tenantId', 'id'])
@Index('members_tenant_manager', ['tenantId', 'managerId'])
@Index('members_manager_pending', ['tenantId', 'managerExternalId'], {
  where: '"manager_id" IS NULL AND "manager_external_id" IS NOT NULL',
})
@Index('members_departments_pending', ['tenantId'], { where: '"departments_pending"' })
export class MemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id' })
  manager?: MemberEntity;

  @Column({ name: 'manager_external_id', type: 'text', nullable: true })
  managerExternalId!: string | null;

  @Column({ name: 'department_external_ids', type: 'text', array: true, default: () => "'{}'" })
  departmentExternalIds!: string[];

  @Column({ name: 'departments_pending', type: 'boolean', default: false })
  departmentsPending!: boolean;

  @Column({ name: 'job_grade', type: 'text', nullable: true })
  jobGrade!: string | null;

  @Column({ name: 'hire_date', type: 'date', nullable: true })
  hireDate!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
