import { Injectable } from '@nestjs/common';
import { Actor } from '@rivet/contracts';
import { TenantTx } from '@rivet/database';

/** A stored audit row as Postgres returns it. */
export interface AuditEventRow {
  seq: string;
  event_id: string;
  tenant_id: string;
  at: Date;
  actor: Actor;
  action: string;
  target: { type: string; id: string; name: string | null };
  ip: string | null;
  result: 'success' | 'failure';
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface AuditEventFilter {
  /** Exact action, or a prefix when it ends with `*` (`org.member.*`). */
  action?: string;
  actorId?: string;
  targetId?: string;
  /** Inclusive lower bound of `at`. */
  from?: string;
  /** Exclusive upper bound of `at`. */
  to?: string;
  /** Only rows older in the chain than this seq (the page cursor). */
  beforeSeq?: number;
  limit: number;
}

const COLUMNS =
  'seq, event_id, tenant_id, at, actor, action, target, ip, result, details, prev_hash, hash';

@Injectable()
export class AuditEventRepository {
  /** The tenant's rows, newest first. */
  async list(tx: TenantTx, filter: AuditEventFilter): Promise<AuditEventRow[]> {
    const params: unknown[] = [tx.tenantId];
    const where = ['tenant_id = $1'];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };

    if (filter.action !== undefined) {
      if (filter.action.endsWith('*')) {
        add((p) => `action LIKE ${p}`, `${escapeLike(filter.action.slice(0, -1))}%`);
      } else {
        add((p) => `action = ${p}`, filter.action);
      }
    }
    if (filter.actorId !== undefined) {
      add((p) => `actor->>'id' = ${p}`, filter.actorId);
    }
    if (filter.targetId !== undefined) {
      add((p) => `target->>'id' = ${p}`, filter.targetId);
    }
    if (filter.from !== undefined) {
      add((p) => `at >= ${p}::timestamptz`, filter.from);
    }
    if (filter.to !== undefined) {
      add((p) => `at < ${p}::timestamptz`, filter.to);
    }
    if (filter.beforeSeq !== undefined) {
      add((p) => `seq < ${p}`, filter.beforeSeq);
    }
    params.push(filter.limit);

    return (await tx.manager.query(
      `SELECT ${COLUMNS} FROM audit_events WHERE ${where.join(' AND ')}
        ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    )) as AuditEventRow[];
  }

  /** Up to `limit` rows of the tenant's chain with `fromSeq <= seq <= toSeq`, in chain order. */
  async chunk(
    tx: TenantTx,
    fromSeq: number,
    toSeq: number,
    limit: number,
  ): Promise<AuditEventRow[]> {
    return (await tx.manager.query(
      `SELECT ${COLUMNS} FROM audit_events
        WHERE tenant_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
      [tx.tenantId, fromSeq, toSeq, limit],
    )) as AuditEventRow[];
  }

  /** The tenant's chain head, or null before its first row. */
  async head(tx: TenantTx): Promise<{ lastSeq: number; lastHash: string } | null> {
    const rows = (await tx.manager.query(
      'SELECT last_seq, last_hash FROM audit_chains WHERE tenant_id = $1',
      [tx.tenantId],
    )) as { last_seq: string; last_hash: string }[];

    return rows.length === 0
      ? null
      : { lastSeq: Number(rows[0].last_seq), lastHash: rows[0].last_hash };
  }

  /** Whether the tenant has any row at all (a chain without a head is broken). */
  async hasRows(tx: TenantTx): Promise<boolean> {
    const rows = (await tx.manager.query(
      'SELECT 1 FROM audit_events WHERE tenant_id = $1 LIMIT 1',
      [tx.tenantId],
    )) as unknown[];

    return rows.length > 0;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
