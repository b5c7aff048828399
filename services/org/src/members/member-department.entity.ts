import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DepartmentEntity } from '../departments/department.entity';
import { MemberEntity } from './member.entity';

/** That a member belongs to a department (a member may belong to several, or none). */
@Entity({ name: 'member_departments' })
@Index('member_departments_department', ['tenantId', 'departmentId'])
export class MemberDepartmentEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'department_id', type: 'uuid' })
  departmentId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: MemberEntity;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: DepartmentEntity;
}
