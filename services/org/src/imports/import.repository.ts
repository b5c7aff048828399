import { Injectable } from '@nestjs/common';
import { Actor, ImportStatus } from '@rivet/contracts';
import { TenantTx } from '@rivet/database';
import { EntityManager } from 'typeorm';
import { iso } from '../common/sql';
import { ImportKind, ImportMapping } from './csv-mapping';
import { ImportLineError } from './import.entity';

/** At most this many line errors are kept per import; the counts stay exact. */
export const MAX_KEPT_ERRORS = 1000;

export interface ImportJob {
  id: string;
  tenantId: string;
  kind: ImportKind;
  status: 'running' | 'done' | 'failed';
  dryRun: boolean;
  done: number;
  failed: number;
  csv: string;
  mapping: ImportMapping;
  defaults: { emailDomain?: string };
  actor: Actor;
}

export interface BatchProgress {
  done: number;
  failed: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportLineError[];
}

interface StatusRow extends Omit<ImportStatus, 'createdAt' | 'finishedAt'> {
  createdAt: Date;
  finishedAt: Date | null;
}

@Injectable()
export class ImportRepository {
  async insert(
    tx: TenantTx,
    job: Omit<ImportJob, 'tenantId' | 'status' | 'done' | 'failed'>,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO imports (id, tenant_id, kind, dry_run, csv, mapping, defaults, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        job.id,
        tx.tenantId,
        job.kind,
        job.dryRun,
        job.csv,
        JSON.stringify(job.mapping),
        JSON.stringify(job.defaults),
        JSON.stringify(job.actor),
      ],
    );
  }

  async status(tx: TenantTx, id: string): Promise<ImportStatus | null> {
    const rows = (await tx.manager.query(
      `SELECT id, kind, status, dry_run AS "dryRun", total, done, failed, created, updated,
              unchanged, errors, created_at AS "createdAt", finished_at AS "finishedAt"
         FROM imports WHERE tenant_id = $1 AND id = $2`,
      [tx.tenantId, id],
    )) as StatusRow[];
    const row = rows[0];

    if (!row) {
      return null;
    }

    return {
      ...row,
      createdAt: iso(row.createdAt),
      finishedAt: row.finishedAt ? iso(row.finishedAt) : null,
    };
  }

  /** Finds a job by id alone: the worker learns the tenant from the row (a named cross-tenant read). */
  async findJob(manager: EntityManager, id: string): Promise<ImportJob | null> {
    const rows = (await manager.query(
      `SELECT id, tenant_id AS "tenantId", kind, status, dry_run AS "dryRun", done, failed, csv,
              mapping, defaults, actor
         FROM imports WHERE id = $1`,
      [id],
    )) as ImportJob[];

    return rows[0] ?? null;
  }

  /** Ids of imports still running, in every tenant (re-queued at start-up). */
  async runningIds(manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM imports WHERE status = 'running' ORDER BY created_at`,
    )) as { id: string }[];

    return rows.map((r) => r.id);
  }

  async setTotal(tx: TenantTx, id: string, total: number): Promise<void> {
    await tx.manager.query('UPDATE imports SET total = $3 WHERE tenant_id = $1 AND id = $2', [
      tx.tenantId,
      id,
      total,
    ]);
  }

  async addProgress(tx: TenantTx, id: string, p: BatchProgress): Promise<void> {
    await tx.manager.query(
      `UPDATE imports SET done = done + $3, failed = failed + $4, created = created + $5,
              updated = updated + $6, unchanged = unchanged + $7,
              errors = CASE WHEN jsonb_array_length(errors) >= $9 THEN errors
                            ELSE errors || $8::jsonb END
        WHERE tenant_id = $1 AND id = $2`,
      [
        tx.tenantId,
        id,
        p.done,
        p.failed,
        p.created,
        p.updated,
        p.unchanged,
        JSON.stringify(p.errors.slice(0, MAX_KEPT_ERRORS)),
        MAX_KEPT_ERRORS,
      ],
    );
  }

  /** Marks the import finished; returns its final counts, or null when it was already. */
  async finish(tx: TenantTx, id: string, status: 'done' | 'failed'): Promise<ImportStatus | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE imports SET status = $3, finished_at = now()
        WHERE tenant_id = $1 AND id = $2 AND status = 'running' RETURNING id`,
      [tx.tenantId, id, status],
    )) as [unknown[], number];

    return rows.length === 1 ? this.status(tx, id) : null;
  }
}
