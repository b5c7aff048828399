import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TenantTx } from '@rivet/database';
import { BatchOutcome } from './batch-outcome';
import { MemberImportRow } from './csv-mapping';
import { LinkGraph, loadLinksAbove } from './link-graph';

interface ExistingMember {
  id: string;
  externalId: string | null;
  email: string;
  name: string;
  phone: string | null;
  title: string | null;
  jobGrade: string | null;
  hireDate: string | null;
  managerExternalId: string | null;
  departmentExternalIds: string[];
}

/** Import columns, the member field an event reports for each, and the SQL column. */
const FIELDS = [
  ['name', 'name', 'name'],
  ['email', 'email', 'email'],
  ['phone', 'phone', 'phone'],
  ['title', 'title', 'title'],
  ['jobGrade', 'jobGrade', 'job_grade'],
  ['hireDate', 'hireDate', 'hire_date'],
  ['managerExternalId', 'managerId', 'manager_external_id'],
  ['departmentExternalIds', 'departmentIds', 'department_external_ids'],
] as const;

const RECORD = `r(id uuid, user_id uuid, external_id text, name text, email text, phone text,
  title text, job_grade text, hire_date date, manager_external_id text,
  department_external_ids text[])`;

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join('\u0000') === b.join('\u0000') : a === b;
}

function recordOf(id: string, userId: string | null, row: MemberImportRow) {
  return {
    id,
    user_id: userId,
    external_id: row.externalId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    title: row.title,
    job_grade: row.jobGrade,
    hire_date: row.hireDate,
    manager_external_id: row.managerExternalId,
    department_external_ids: row.departmentExternalIds,
  };
}

/**
 * Writes one batch of member rows with a handful of set-based statements:
 * one read of the members the rows name, one INSERT for the new ones and one
 * UPDATE for those that differ. Rows equal to what is stored are not written;
 * a row whose manager would make a reporting cycle fails, written without it.
 */
@Injectable()
export class MemberImportWriter {
  async write(
    tx: TenantTx,
    rows: MemberImportRow[],
    present: ReadonlySet<string>,
    dryRun: boolean,
    outcome: BatchOutcome,
  ): Promise<void> {
    const existing = (await tx.manager.query(
      `SELECT id, external_id AS "externalId", email, name, phone, title, job_grade AS "jobGrade",
              hire_date::text AS "hireDate", manager_external_id AS "managerExternalId",
              department_external_ids AS "departmentExternalIds"
         FROM members
        WHERE tenant_id = $1 AND (external_id = ANY($2::text[]) OR email = ANY($3::text[]))`,
      [
        tx.tenantId,
        rows.flatMap((r) => (r.externalId ? [r.externalId] : [])),
        rows.map((r) => r.email),
      ],
    )) as ExistingMember[];
    const byExternalId = new Map(
      existing.flatMap((m) => (m.externalId ? [[m.externalId, m]] : [])),
    );
    const byEmail = new Map(existing.map((m) => [m.email, m]));
    const graph = new LinkGraph(
      await loadLinksAbove(
        tx,
        'members',
        rows.flatMap((r) => (r.managerExternalId ? [r.managerExternalId] : [])),
      ),
    );
    const inserts: ReturnType<typeof recordOf>[] = [];
    const updates: ReturnType<typeof recordOf>[] = [];
    const changedFields = new Map<string, string[]>();

    let updatedRows = 0;

    for (const given of rows) {
      const holder = byEmail.get(given.email);
      let match = given.externalId ? byExternalId.get(given.externalId) : holder;

      // A member added by hand (no external id) is adopted by the import row with its email.
      if (!match && holder && holder.externalId === null) {
        match = holder;
      }
      if (holder && holder.id !== match?.id) {
        outcome.errors.push({
          line: given.line,
          code: 'duplicate_email',
          detail: `${given.email} belongs to another member`,
        });
        continue;
      }
      const reports =
        !match ||
        (present.has('managerExternalId') &&
          !same(given.managerExternalId, match.managerExternalId));
      const cycle =
        given.externalId !== null &&
        reports &&
        graph.propose(given.externalId, given.managerExternalId, match?.id) !== null;
      // A row whose manager would close a reporting cycle fails, and is written keeping the
      // manager stored (none for a new member).
      const row = cycle ? { ...given, managerExternalId: match?.managerExternalId ?? null } : given;

      if (cycle) {
        outcome.errors.push({
          line: row.line,
          code: 'invalid_manager',
          detail: 'would make a reporting cycle',
        });
      }
      if (!match) {
        const id = randomUUID();

        inserts.push(recordOf(id, randomUUID(), row));
        if (cycle) {
          outcome.createdByFailedRows.add(id);
        }
        continue;
      }
      const changed = FIELDS.filter(
        ([column]) => present.has(column) && !same(row[column], match[column]),
      ).map(([, field]) => field as string);

      if (row.externalId !== null && match.externalId !== row.externalId) {
        changed.push('externalId');
      }
      if (changed.length === 0) {
        outcome.unchanged += cycle ? 0 : 1;
        continue;
      }
      updatedRows += cycle ? 0 : 1;
      // Columns the file does not have keep their stored values.
      updates.push(
        recordOf(match.id, null, {
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
        `INSERT INTO members (id, tenant_id, user_id, external_id, name, email, phone, title,
           job_grade, hire_date, manager_external_id, department_external_ids, departments_pending)
         SELECT r.id, $1, r.user_id, r.external_id, r.name, r.email, r.phone, r.title, r.job_grade,
                r.hire_date, r.manager_external_id, r.department_external_ids,
                cardinality(r.department_external_ids) > 0
           FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
         ON CONFLICT DO NOTHING RETURNING id`,
        [tx.tenantId, JSON.stringify(inserts)],
      )) as { id: string }[];
      const createdIds = new Set(created.map((r) => r.id));

      for (const r of inserts) {
        if (createdIds.has(r.id)) {
          outcome.created.add(r.id);
        } else {
          const row = rows.find((x) => x.email === r.email);

          outcome.errors.push({
            line: row?.line ?? 0,
            code: 'conflict',
            detail: 'another member with this external id or email was added meanwhile',
          });
        }
      }
    }
    if (updates.length > 0) {
      await tx.manager.query(
        `UPDATE members m SET external_id = r.external_id, name = r.name, email = r.email,
                phone = r.phone, title = r.title, job_grade = r.job_grade, hire_date = r.hire_date,
                manager_external_id = r.manager_external_id,
                manager_id = CASE WHEN m.manager_external_id IS DISTINCT FROM r.manager_external_id
                                  THEN NULL ELSE m.manager_id END,
                department_external_ids = r.department_external_ids,
                departments_pending = m.departments_pending
                  OR m.department_external_ids IS DISTINCT FROM r.department_external_ids,
                updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
          WHERE m.tenant_id = $1 AND m.id = r.id`,
        [tx.tenantId, JSON.stringify(updates)],
      );
      changedFields.forEach((fields, id) => outcome.change(id, fields));
    }
  }
}
