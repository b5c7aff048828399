import { OutboxEventEntity, ProcessedEventEntity } from '@rivet/bus';
import { ServiceDatabase } from '@rivet/database';
import { DepartmentEntity } from './departments/department.entity';
import { ImportEntity } from './imports/import.entity';
import { MemberDepartmentEntity } from './members/member-department.entity';
import { MemberEntity } from './members/member.entity';
import { Init1796316835427 } from './migrations/1796316835427-init';

export const database: ServiceDatabase = {
  schema: 'org',
  entities: [
    DepartmentEntity,
    MemberEntity,
    MemberDepartmentEntity,
    ImportEntity,
    OutboxEventEntity,
    ProcessedEventEntity,
  ],
  migrations: [Init1796316835427],
};
