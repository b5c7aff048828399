import { Inject, Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { LOGGER } from '@rivet/platform';
import type { Logger } from 'pino';
import { BatchOutcome } from './batch-outcome';

/** What a batch wrote: for a member batch its member ids and external ids; null for departments. */
export interface ResolveScope {
  memberIds: string[] | null;
  memberExternalIds: string[] | null;
}

/**
 * Resolves what imports asked for by external id once the records named
 * exist: department parents (then paths), department heads, member managers
 * and member departments. Each step is one set-based statement over the rows
 * still pending, so it runs after every batch of either kind.
 */
@Injectable()
export class ReferenceResolver {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async resolve(
    tx: TenantTx,
    scope: ResolveScope,
    departments: BatchOutcome,
    members: BatchOutcome,
  ): Promise<void> {
    const departmentsTouched = scope.memberExternalIds === null;

    const parents = await this.ids(
      tx,
      `UPDATE departments d SET parent_id = p.id, updated_at = now()
         FROM departments p
        WHERE d.tenant_id = $1 AND d.parent_id IS NULL AND d.parent_external_id IS NOT NULL
          AND p.tenant_id = $1 AND p.external_id = d.parent_external_id AND p.id <> d.id
       RETURNING d.id`,
    );

    parents.forEach((id) => departments.change(id, ['parentId', 'path']));
    if (parents.length > 0) {
      await this.breakCycles(tx, 'departments', parents, departments);
    }
    if (departmentsTouched || parents.length > 0) {
      const moved = await this.ids(
        tx,
        `WITH RECURSIVE tree AS (
           SELECT id, '/' || id::text AS path FROM departments
            WHERE tenant_id = $1 AND parent_id IS NULL
           UNION ALL
           SELECT d.id, tree.path || '/' || d.id::text FROM departments d
             JOIN tree ON d.parent_id = tree.id
            WHERE d.tenant_id = $1)
         UPDATE departments d SET path = tree.path, updated_at = now()
           FROM tree WHERE d.id = tree.id AND d.tenant_id = $1 AND d.path <> tree.path
         RETURNING d.id`,
      );

      moved.forEach((id) => departments.change(id, ['path']));
    }
    const headed = await this.ids(
      tx,
      `UPDATE departments d SET head_ids = x.ids, updated_at = now()
         FROM (SELECT p.id, ARRAY(
                 SELECT m.id FROM unnest(p.head_external_ids) WITH ORDINALITY AS e(ext, n)
                   JOIN members m ON m.tenant_id = $1 AND m.external_id = e.ext
                  ORDER BY e.n) AS ids
                 FROM departments p
                WHERE p.tenant_id = $1
                  AND cardinality(p.head_ids) < cardinality(p.head_external_ids)) x
        WHERE d.id = x.id AND d.tenant_id = $1 AND d.head_ids <> x.ids
       RETURNING d.id`,
    );

    headed.forEach((id) => departments.change(id, ['headIds']));
    // Only members can resolve a manager: the batch's own rows, and the rows waiting for a
    // member this batch brought (found through the partial index on pending managers).
    const managed =
      scope.memberExternalIds === null
        ? []
        : await this.ids(
            tx,
            `UPDATE members m SET manager_id = x.id, updated_at = now()
               FROM members x
              WHERE m.tenant_id = $1 AND m.manager_id IS NULL AND m.manager_external_id IS NOT NULL
                AND (m.id = ANY($2::uuid[]) OR m.manager_external_id = ANY($3::text[]))
                AND x.tenant_id = $1 AND x.external_id = m.manager_external_id AND x.id <> m.id
             RETURNING m.id`,
            [scope.memberIds, scope.memberExternalIds],
          );

    managed.forEach((id) => members.change(id, ['managerId']));
    if (managed.length > 0) {
      await this.breakCycles(tx, 'members', managed, members);
    }
    const placed = await this.ids(
      tx,
      `WITH pending AS (
         SELECT id, department_external_ids AS wanted FROM members
          WHERE tenant_id = $1 AND departments_pending
            AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))),
       want AS (
         SELECT p.id AS member_id, d.id AS department_id
           FROM pending p CROSS JOIN LATERAL unnest(p.wanted) AS e(ext)
           JOIN departments d ON d.tenant_id = $1 AND d.external_id = e.ext),
       dropped AS (
         DELETE FROM member_departments md USING pending p
          WHERE md.tenant_id = $1 AND md.member_id = p.id
            AND NOT EXISTS (SELECT 1 FROM want w
                             WHERE w.member_id = md.member_id
                               AND w.department_id = md.department_id)
         RETURNING md.member_id),
       added AS (
         INSERT INTO member_departments (tenant_id, member_id, department_id)
         SELECT $1, member_id, department_id FROM want ON CONFLICT DO NOTHING
         RETURNING member_id),
       settled AS (
         UPDATE members m SET departments_pending = false
           FROM (SELECT p.id, cardinality(p.wanted) AS wanted, count(w.department_id) AS found
                   FROM pending p LEFT JOIN want w ON w.member_id = p.id
                  GROUP BY p.id, p.wanted) c
          WHERE m.id = c.id AND m.tenant_id = $1 AND c.found >= c.wanted
         RETURNING m.id)
       -- settled runs although nothing reads it: Postgres always completes a data-modifying WITH.
       SELECT member_id AS id FROM dropped UNION SELECT member_id FROM added`,
      // A department batch may complete any member's departments; a member batch only its own.
      [departmentsTouched ? null : scope.memberIds],
    );

    placed.forEach((id) => members.change(id, ['departmentIds']));
  }

  /**
   * The writers refuse rows that would close a cycle; two imports running at
   * once can still close one between them. A cycle is unreachable from a root
   * (no path, missing from the tree), so one record of it whose link was just
   * resolved is detached: its link and the reference it came from dropped.
   */
  private async breakCycles(
    tx: TenantTx,
    table: 'departments' | 'members',
    resolved: string[],
    outcome: BatchOutcome,
  ): Promise<void> {
    const [link, reference, field] =
      table === 'departments'
        ? ['parent_id', 'parent_external_id', 'parentId']
        : ['manager_id', 'manager_external_id', 'managerId'];

    for (;;) {
      // UNION (not ALL) ends the walk on any loop, also one that does not return to its start.
      const [cyclic] = await this.ids(
        tx,
        `WITH RECURSIVE up AS (
           SELECT t.id AS start, t.${link} AS id FROM ${table} t
            WHERE t.tenant_id = $1 AND t.id = ANY($2::uuid[])
           UNION
           SELECT up.start, t.${link} FROM up JOIN ${table} t ON t.tenant_id = $1 AND t.id = up.id
            WHERE up.id <> up.start)
         SELECT start AS id FROM up WHERE id = start ORDER BY start LIMIT 1`,
        [resolved],
      );

      if (!cyclic) {
        return;
      }
      this.logger.warn({ table, id: cyclic }, 'import closed a cycle; link dropped');
      await tx.manager.query(
        `UPDATE ${table} SET ${link} = NULL, ${reference} = NULL, updated_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tx.tenantId, cyclic],
      );
      outcome.change(cyclic, table === 'departments' ? [field, 'path'] : [field]);
    }
  }

  private async ids(tx: TenantTx, sql: string, extra: unknown[] = []): Promise<string[]> {
    const result = (await tx.manager.query(sql, [tx.tenantId, ...extra])) as unknown;
    // UPDATE ... RETURNING comes back as [rows, count]; a SELECT as rows.
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as {
      id: string;
    }[];

    return rows.map((r) => r.id);
  }
}
