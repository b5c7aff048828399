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
 * A department. `path` holds the ids from the root down to this one
 * (`/root/child/self`), so a subtree is a prefix search. The `*_external_id`
 * columns keep what an import asked for, so that references to records not
 * imported yet resolve when they arrive and a repeated import compares equal.
 */
@Entity({ name: 'departments' })
@Index('departments_tenant_external_id', ['tenantId', 'externalId'], { unique: true })
@Index('departments_tenant_parent', ['tenantId', 'parentId', 'id'])
@Index('departments_tenant_id', ['tenantId', 'id'])
// Created by hand in the migration: TypeORM cannot declare an operator class.
@Index('departments_path_prefix', { synchronize: false })
export class DepartmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: DepartmentEntity;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text', default: 'standard' })
  type!: 'standard' | 'virtual';

  @Column({ type: 'boolean', default: false })
  hidden!: boolean;

  @Column({ name: 'head_ids', type: 'uuid', array: true, default: () => "'{}'" })
  headIds!: string[];

  @Column({ name: 'parent_external_id', type: 'text', nullable: true })
  parentExternalId!: string | null;

  @Column({ name: 'head_external_ids', type: 'text', array: true, default: () => "'{}'" })
  headExternalIds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
