import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { BatchOutcome } from './batch-outcome';
import { DepartmentImportRow } from './csv-mapping';
import { LinkGraph, loadLinksAbove } from './link-graph';

interface ExistingDepartment {
  id: string;
  externalId: string;
  name: string;
  parentExternalId: string | null;
  headExternalIds: string[];
}

/** Import columns and the department field an event reports for each. */
const FIELDS = [
  ['name', 'name'],
  ['parentExternalId', 'parentId'],
  ['headExternalIds', 'headIds'],
] as const;

const RECORD = `r(id uuid, external_id text, name text, parent_external_id text,
  head_external_ids text[])`;

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') === b.join('\u0000') : a === b;
}

function recordOf(id: string, row: Omit<DepartmentImportRow, 'line'>) {
  return {
    id,
    external_id: row.externalId,
    name: row.name,
    parent_external_id: row.parentExternalId,
    head_external_ids: row.headExternalIds,
  };
}

/**
 * Writes one batch of department rows (see the member writer). A new
 * department starts as a root; parents, paths and heads are set by the
 * reference resolver once what they name exists. A row whose parent would
 * make the department its own ancestor fails; its department keeps (or, when
 * new, gets no) parent, and the rest of the row is written.
 */
@Injectable()
export class DepartmentImportWriter {
  async write(
    tx: TenantTx,
    rows: DepartmentImportRow[],
    present: ReadonlySet<string>,
    dryRun: boolean,
    outcome: BatchOutcome,
  ): Promise<void> {
    const existing = (await tx.manager.query(
      `SELECT id, external_id AS "externalId", name, parent_external_id AS "parentExternalId",
              head_external_ids AS "headExternalIds"
         FROM departments WHERE tenant_id = $1 AND external_id = ANY($2::text[])`,
      [tx.tenantId, rows.flatMap((r) => (r.externalId ? [r.externalId] : []))],
    )) as ExistingDepartment[];
    const byExternalId = new Map(existing.map((d) => [d.externalId, d]));
    const graph = new LinkGraph(
      await loadLinksAbove(
        tx,
        'departments',
        rows.flatMap((r) => (r.parentExternalId ? [r.parentExternalId] : [])),
      ),
    );
    const inserts: ReturnType<typeof recordOf>[] = [];
    const updates: ReturnType<typeof recordOf>[] = [];
    const changedFields = new Map<string, string[]>();

    let updatedRows = 0;

    for (const given of rows) {
      const match = given.externalId ? byExternalId.get(given.externalId) : undefined;
      const moves =
        !match ||
        (present.has('parentExternalId') && !same(given.parentExternalId, match.parentExternalId));
      const cycle =
        given.externalId !== null && moves
          ? graph.propose(given.externalId, given.parentExternalId, match?.id)
          : null;
      // A row whose parent would close a cycle fails, and is written keeping the parent stored.
      const row = cycle ? { ...given, parentExternalId: match?.parentExternalId ?? null } : given;

      if (cycle) {
        outcome.errors.push({
          line: row.line,
          code: 'invalid_parent',
          detail: `would make a cycle: ${cycle.join(' → ')}`,
        });
      }
      if (!match) {
        const id = randomUUID();

        inserts.push(recordOf(id, row));
        if (cycle) {
          outcome.createdByFailedRows.add(id);
        }
        continue;
      }
      const changed = FIELDS.filter(
        ([column]) => present.has(column) && !same(row[column], match[column]),
      ).map(([, field]) => field as string);

      if (changed.length === 0) {
        outcome.unchanged += cycle ? 0 : 1;
        continue;
      }
      updatedRows += cycle ? 0 : 1;
      updates.push(
        recordOf(match.id, {
          ...row,
          ...Object.fromEntries(
            FIELDS.filter(([column]) => !present.has(column)).map(([column]) => [
              column,
              match[column],
            ]),
          ),
        }),
      );
      changedFields.set(match.id, changed);
    }
    outcome.rowsUpdated += updatedRows;
    if (dryRun) {
      inserts.forEach((r) => outcome.created.add(r.id));
      changedFields.forEach((fields, id) => outcome.change(id, fields));

      return;
    }
    if (inserts.length > 0) {
      const created = (await tx.manager.query(
        `INSERT INTO departments (id, tenant_id, external_id, name, path, parent_external_id,
           head_external_ids)
         SELECT r.id, $1, r.external_id, r.name, '/' || r.id, r.parent_external_id,
                r.head_external_ids
           FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
         ON CONFLICT DO NOTHING RETURNING id`,
        [tx.tenantId, JSON.stringify(inserts)],
      )) as { id: string }[];

      created.forEach((r) => outcome.created.add(r.id));
    }
    if (updates.length > 0) {
      await tx.manager.query(
        `UPDATE departments d SET name = r.name, parent_external_id = r.parent_external_id,
                parent_id = CASE WHEN d.parent_external_id IS DISTINCT FROM r.parent_external_id
                                 THEN NULL ELSE d.parent_id END,
                head_external_ids = r.head_external_ids,
                head_ids = CASE WHEN d.head_external_ids IS DISTINCT FROM r.head_external_ids
                                THEN '{}' ELSE d.head_ids END,
                updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
          WHERE d.tenant_id = $1 AND d.id = r.id`,
        [tx.tenantId, JSON.stringify(updates)],
      );
      changedFields.forEach((fields, id) => outcome.change(id, fields));
    }
  }
}
