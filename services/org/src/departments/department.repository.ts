import { Injectable } from '@nestjs/common';
import { Department, DepartmentNode } from '@rivet/contracts';
import { TenantTx } from '@rivet/database';
import { iso } from '../common/sql';

/** A department row as the queries below select it. */
export interface DepartmentRow {
  id: string;
  externalId: string | null;
  name: string;
  parentId: string | null;
  path: string;
  type: 'standard' | 'virtual';
  headIds: string[];
  hidden: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const DEPARTMENT_COLUMNS = `d.id, d.external_id AS "externalId", d.name,
  d.parent_id AS "parentId", d.path, d.type, d.head_ids::text[] AS "headIds", d.hidden,
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    parentId: row.parentId,
    path: row.path,
    type: row.type,
    headIds: row.headIds,
    hidden: row.hidden,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The payload of department events: the department without its timestamps. */
export function departmentEventData(department: Department) {
  const data: Partial<typeof department> = { ...department };

  delete data.createdAt;
  delete data.updatedAt;

  return data as Omit<typeof department, 'createdAt' | 'updatedAt'>;
}

export interface NewDepartment {
  id: string;
  externalId: string | null;
  name: string;
  parentId: string | null;
  path: string;
  type: 'standard' | 'virtual';
  headIds: string[];
  hidden: boolean;
}

export interface DepartmentListFilter {
  afterId: string | null;
  limit: number;
  parentId?: string;
  externalId?: string;
}

/** Departments of one tenant. Every query filters by the transaction's tenant. */
@Injectable()
export class DepartmentRepository {
  async findById(tx: TenantTx, id: string, lock = false): Promise<DepartmentRow | null> {
    const rows = (await tx.manager.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments d
        WHERE d.tenant_id = $1 AND d.id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [tx.tenantId, id],
    )) as DepartmentRow[];

    return rows[0] ?? null;
  }

  async findByIds(tx: TenantTx, ids: string[]): Promise<DepartmentRow[]> {
    if (ids.length === 0) {
      return [];
    }

    return (await tx.manager.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments d
        WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[]) ORDER BY d.id`,
      [tx.tenantId, ids],
    )) as DepartmentRow[];
  }

  /** Ids among `ids` that are departments of the tenant. */
  async existingIds(tx: TenantTx, ids: string[]): Promise<string[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows = (await tx.manager.query(
      'SELECT id FROM departments WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tx.tenantId, ids],
    )) as { id: string }[];

    return rows.map((r) => r.id);
  }

  async insert(tx: TenantTx, d: NewDepartment): Promise<DepartmentRow> {
    const rows = (await tx.manager.query(
      `INSERT INTO departments AS d (id, tenant_id, external_id, name, parent_id, path, type,
         head_ids, hidden)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9)
       RETURNING ${DEPARTMENT_COLUMNS}`,
      [d.id, tx.tenantId, d.externalId, d.name, d.parentId, d.path, d.type, d.headIds, d.hidden],
    )) as DepartmentRow[];

    return rows[0];
  }

  /** Applies the given changes; an API change of parent or heads drops what an import asked for. */
  async update(
    tx: TenantTx,
    id: string,
    changes: { name?: string; headIds?: string[]; hidden?: boolean; parentId?: string | null },
  ): Promise<DepartmentRow> {
    const sets: string[] = ['updated_at = now()'];
    const values: unknown[] = [tx.tenantId, id];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      sets.push(sql.replace('?', `$${values.length}`));
    };

    if (changes.name !== undefined) {
      add('name = ?', changes.name);
    }
    if (changes.hidden !== undefined) {
      add('hidden = ?', changes.hidden);
    }
    if (changes.headIds !== undefined) {
      add('head_ids = ?::uuid[]', changes.headIds);
      sets.push(`head_external_ids = '{}'`);
    }
    if (changes.parentId !== undefined) {
      add('parent_id = ?', changes.parentId);
      sets.push('parent_external_id = NULL');
    }
    const rows = (await tx.manager.query(
      `UPDATE departments d SET ${sets.join(', ')} WHERE d.tenant_id = $1 AND d.id = $2
       RETURNING ${DEPARTMENT_COLUMNS}`,
      values,
    )) as [DepartmentRow[], number];

    return rows[0][0];
  }

  /** Rewrites the path of a department and its whole subtree in one statement. */
  async movePaths(tx: TenantTx, oldPath: string, newPath: string): Promise<void> {
    await tx.manager.query(
      `UPDATE departments SET path = $3 || substr(path, length($2) + 1)
        WHERE tenant_id = $1 AND (path = $2 OR path LIKE $2 || '/%')`,
      [tx.tenantId, oldPath, newPath],
    );
  }

  /** Drops a member from every department it heads; returns those departments. */
  async removeHead(tx: TenantTx, memberId: string): Promise<DepartmentRow[]> {
    const [rows] = (await tx.manager.query(
      `UPDATE departments d SET head_ids = array_remove(d.head_ids, $2::uuid), updated_at = now()
        WHERE d.tenant_id = $1 AND $2::uuid = ANY(d.head_ids)
       RETURNING ${DEPARTMENT_COLUMNS}`,
      [tx.tenantId, memberId],
    )) as [DepartmentRow[], number];

    return rows;
  }

  async hasChildren(tx: TenantTx, id: string): Promise<boolean> {
    const rows = (await tx.manager.query(
      'SELECT 1 FROM departments WHERE tenant_id = $1 AND parent_id = $2 LIMIT 1',
      [tx.tenantId, id],
    )) as unknown[];

    return rows.length > 0;
  }

  async hasMembers(tx: TenantTx, id: string): Promise<boolean> {
    const rows = (await tx.manager.query(
      'SELECT 1 FROM member_departments WHERE tenant_id = $1 AND department_id = $2 LIMIT 1',
      [tx.tenantId, id],
    )) as unknown[];

    return rows.length > 0;
  }

  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.manager.query('DELETE FROM departments WHERE tenant_id = $1 AND id = $2', [
      tx.tenantId,
      id,
    ]);
  }

  /** One page in id order, `limit + 1` rows so the caller can tell whether more follow. */
  async list(tx: TenantTx, filter: DepartmentListFilter): Promise<DepartmentRow[]> {
    const where = ['d.tenant_id = $1'];
    const values: unknown[] = [tx.tenantId];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };

    if (filter.afterId) {
      add('d.id > ?', filter.afterId);
    }
    if (filter.parentId) {
      add('d.parent_id = ?', filter.parentId);
    }
    if (filter.externalId) {
      add('d.external_id = ?', filter.externalId);
    }
    values.push(filter.limit + 1);

    return (await tx.manager.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE ${where.join(' AND ')}
        ORDER BY d.id LIMIT $${values.length}`,
      values,
    )) as DepartmentRow[];
  }

  /** Every department of the tenant, nested under its parent, siblings by name. */
  async tree(tx: TenantTx): Promise<DepartmentNode[]> {
    const rows = (await tx.manager.query(
      `SELECT ${DEPARTMENT_COLUMNS} FROM departments d WHERE d.tenant_id = $1
        ORDER BY d.name, d.id`,
      [tx.tenantId],
    )) as DepartmentRow[];
    const nodes = new Map<string, DepartmentNode>(
      rows.map((r) => [r.id, { ...toDepartment(r), children: [] }]),
    );
    const roots: DepartmentNode[] = [];

    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;

      (parent ? parent.children : roots).push(node);
    }

    return roots;
  }
}
