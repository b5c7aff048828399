import { Injectable } from '@nestjs/common';
import { Member } from '@rivet/contracts';
import { TenantTx } from '@rivet/database';
import { escapeLike, iso } from '../common/sql';

/** A member row as the queries below select it. */
export interface MemberRow {
  id: string;
  userId: string;
  externalId: string | null;
  name: string;
  email: string;
  phone: string | null;
  title: string | null;
  managerId: string | null;
  jobGrade: string | null;
  hireDate: string | null;
  departmentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** The member columns, with its departments aggregated (sorted, so equal sets compare equal). */
export const MEMBER_SELECT = `SELECT m.id, m.user_id AS "userId", m.external_id AS "externalId",
  m.name, m.email, m.phone, m.title, m.manager_id AS "managerId", m.job_grade AS "jobGrade",
  m.hire_date::text AS "hireDate", m.created_at AS "createdAt", m.updated_at AS "updatedAt",
  COALESCE((SELECT array_agg(md.department_id::text ORDER BY md.department_id)
    FROM member_departments md WHERE md.member_id = m.id), '{}') AS "departmentIds"
  FROM members m`;

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    userId: row.userId,
    externalId: row.externalId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    departmentIds: row.departmentIds,
    title: row.title,
    managerId: row.managerId,
    jobGrade: row.jobGrade,
    hireDate: row.hireDate,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The payload of member events: the member without its timestamps. */
export function memberEventData(member: Member) {
  const data: Partial<typeof member> = { ...member };

  delete data.createdAt;
  delete data.updatedAt;

  return data as Omit<typeof member, 'createdAt' | 'updatedAt'>;
}

export interface MemberFields {
  externalId: string | null;
  name: string;
  email: string;
  phone: string | null;
  title: string | null;
  managerId: string | null;
  jobGrade: string | null;
  hireDate: string | null;
}

export interface MemberListFilter {
  afterId: string | null;
  limit: number;
  /** Members of departments whose path is this one or starts with it (descendants). */
  departmentPath?: { path: string; descendants: boolean };
  departmentId?: string;
  q?: string;
  externalId?: string;
}

const COLUMN_OF: Record<keyof MemberFields, string> = {
  externalId: 'external_id',
  name: 'name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  managerId: 'manager_id',
  jobGrade: 'job_grade',
  hireDate: 'hire_date',
};

/** Members of one tenant. Every query filters by the transaction's tenant. */
@Injectable()
export class MemberRepository {
  async findById(tx: TenantTx, id: string, lock = false): Promise<MemberRow | null> {
    const rows = (await tx.manager.query(
      `${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.id = $2 ${lock ? 'FOR UPDATE OF m' : ''}`,
      [tx.tenantId, id],
    )) as MemberRow[];

    return rows[0] ?? null;
  }

  async findByIds(tx: TenantTx, ids: string[]): Promise<MemberRow[]> {
    if (ids.length === 0) {
      return [];
    }

    return (await tx.manager.query(
      `${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.id = ANY($2::uuid[]) ORDER BY m.id`,
      [tx.tenantId, ids],
    )) as MemberRow[];
  }

  /** Ids among `ids` that are members of the tenant. */
  async existingIds(tx: TenantTx, ids: string[]): Promise<string[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows = (await tx.manager.query(
      'SELECT id FROM members WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tx.tenantId, ids],
    )) as { id: string }[];

    return rows.map((r) => r.id);
  }

  async idByEmail(tx: TenantTx, email: string): Promise<string | null> {
    const rows = (await tx.manager.query(
      'SELECT id FROM members WHERE tenant_id = $1 AND email = $2',
      [tx.tenantId, email.toLowerCase()],
    )) as { id: string }[];

    return rows[0]?.id ?? null;
  }

  async idByExternalId(tx: TenantTx, externalId: string): Promise<string | null> {
    const rows = (await tx.manager.query(
      'SELECT id FROM members WHERE tenant_id = $1 AND external_id = $2',
      [tx.tenantId, externalId],
    )) as { id: string }[];

    return rows[0]?.id ?? null;
  }

  /** Inserts a member; returns false when one with that id exists already. */
  async insert(
    tx: TenantTx,
    member: MemberFields & { id: string; userId: string },
  ): Promise<boolean> {
    const rows = (await tx.manager.query(
      `INSERT INTO members (id, tenant_id, user_id, external_id, name, email, phone, title,
         manager_id, job_grade, hire_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        member.id,
        tx.tenantId,
        member.userId,
        member.externalId,
        member.name,
        member.email.toLowerCase(),
        member.phone,
        member.title,
        member.managerId,
        member.jobGrade,
        member.hireDate,
      ],
    )) as unknown[];

    return rows.length === 1;
  }

  /** Changes the given fields; an API change of manager drops what an import asked for. */
  async update(tx: TenantTx, id: string, changes: Partial<MemberFields>): Promise<void> {
    const sets = ['updated_at = now()'];
    const values: unknown[] = [tx.tenantId, id];

    for (const [key, value] of Object.entries(changes) as [keyof MemberFields, unknown][]) {
      values.push(key === 'email' ? String(value).toLowerCase() : value);
      sets.push(`${COLUMN_OF[key]} = $${values.length}`);
    }
    if ('managerId' in changes) {
      sets.push('manager_external_id = NULL');
    }
    await tx.manager.query(
      `UPDATE members SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2`,
      values,
    );
  }

  /** Replaces the member's departments; an API change drops what an import asked for. */
  async setDepartments(tx: TenantTx, memberId: string, departmentIds: string[]): Promise<void> {
    await tx.manager.query(
      `DELETE FROM member_departments WHERE tenant_id = $1 AND member_id = $2
         AND NOT (department_id = ANY($3::uuid[]))`,
      [tx.tenantId, memberId, departmentIds],
    );
    await tx.manager.query(
      `INSERT INTO member_departments (tenant_id, member_id, department_id)
       SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [tx.tenantId, memberId, departmentIds],
    );
    await tx.manager.query(
      `UPDATE members SET department_external_ids = '{}', departments_pending = false
        WHERE tenant_id = $1 AND id = $2`,
      [tx.tenantId, memberId],
    );
  }

  /** Whether `memberId` is `managerId` or one of its managers, directly or not. */
  async isInManagerChain(tx: TenantTx, managerId: string, memberId: string): Promise<boolean> {
    const rows = (await tx.manager.query(
      `WITH RECURSIVE chain AS (
         SELECT id, manager_id FROM members WHERE tenant_id = $1 AND id = $2
         UNION
         SELECT m.id, m.manager_id FROM members m JOIN chain c ON m.id = c.manager_id
          WHERE m.tenant_id = $1)
       SELECT 1 FROM chain WHERE id = $3 LIMIT 1`,
      [tx.tenantId, managerId, memberId],
    )) as unknown[];

    return rows.length > 0;
  }

  /** Clears the manager of the member's reports; returns their ids. */
  async releaseReports(tx: TenantTx, memberId: string): Promise<string[]> {
    const [rows] = (await tx.manager.query(
      `UPDATE members SET manager_id = NULL, manager_external_id = NULL, updated_at = now()
        WHERE tenant_id = $1 AND manager_id = $2 RETURNING id`,
      [tx.tenantId, memberId],
    )) as [{ id: string }[], number];

    return rows.map((r) => r.id);
  }

  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.manager.query('DELETE FROM members WHERE tenant_id = $1 AND id = $2', [
      tx.tenantId,
      id,
    ]);
  }

  /** One page in id order, `limit + 1` rows so the caller can tell whether more follow. */
  async list(tx: TenantTx, filter: MemberListFilter): Promise<MemberRow[]> {
    const where = ['m.tenant_id = $1'];
    const values: unknown[] = [tx.tenantId];
    const param = (value: unknown) => {
      values.push(value);

      return `$${values.length}`;
    };

    if (filter.afterId) {
      where.push(`m.id > ${param(filter.afterId)}`);
    }
    if (filter.departmentPath?.descendants) {
      const path = param(filter.departmentPath.path);

      where.push(`m.id IN (SELECT md.member_id FROM member_departments md
        JOIN departments d ON d.id = md.department_id AND d.tenant_id = md.tenant_id
        WHERE md.tenant_id = $1 AND (d.path = ${path} OR d.path LIKE ${path} || '/%'))`);
    } else if (filter.departmentId) {
      where.push(`m.id IN (SELECT md.member_id FROM member_departments md
        WHERE md.tenant_id = $1 AND md.department_id = ${param(filter.departmentId)})`);
    }
    if (filter.q) {
      const pattern = param(`%${escapeLike(filter.q)}%`);

      where.push(`(m.name ILIKE ${pattern} OR m.email ILIKE ${pattern})`);
    }
    if (filter.externalId) {
      where.push(`m.external_id = ${param(filter.externalId)}`);
    }
    const limit = param(filter.limit + 1);

    return (await tx.manager.query(
      `${MEMBER_SELECT} WHERE ${where.join(' AND ')} ORDER BY m.id LIMIT ${limit}`,
      values,
    )) as MemberRow[];
  }
}
