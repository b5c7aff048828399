import { Inject, Injectable } from '@nestjs/common';
import { Envelope } from '@rivet/contracts';
import { acrossTenants } from '@rivet/database';
import { DataSource, EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-record.hash';
import { PendingRecord, pendingRecordOf } from './audit-record.mapper';

export interface AppendResult {
  /** Rows appended to the log. */
  recorded: number;
  /** Events skipped because they were already recorded (or repeated in the batch). */
  duplicates: number;
}

/**
 * Appends events to their tenants' hash chains. One batch is one transaction;
 * each tenant's chain head is locked (`FOR UPDATE`) before its rows get their
 * seq and hash, and tenants are locked in id order, so replicas that ingest
 * at the same time neither fork a chain nor deadlock.
 */
@Injectable()
export class AuditLogWriter {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async append(envelopes: Envelope[]): Promise<AppendResult> {
    const unique = new Map<string, PendingRecord>();

    for (const envelope of envelopes) {
      const record = pendingRecordOf(envelope);

      if (!unique.has(record.eventId)) {
        unique.set(record.eventId, record);
      }
    }
    if (unique.size === 0) {
      return { recorded: 0, duplicates: envelopes.length };
    }
    // One transaction writes several tenants' chains.
    const recorded = await acrossTenants(this.dataSource, async (manager) => {
      const known = await recordedIds(manager, [...unique.keys()]);
      const byTenant = new Map<string, PendingRecord[]>();

      for (const record of unique.values()) {
        if (!known.has(record.eventId)) {
          byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
        }
      }
      let appended = 0;

      for (const tenantId of [...byTenant.keys()].sort()) {
        appended += await appendToChain(manager, tenantId, byTenant.get(tenantId) ?? []);
      }

      return appended;
    });

    return { recorded, duplicates: envelopes.length - recorded };
  }
}

async function recordedIds(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
  const rows = (await manager.query(
    'SELECT event_id FROM audit_events WHERE event_id = ANY($1::uuid[])',
    [eventIds],
  )) as { event_id: string }[];

  return new Set(rows.map((r) => r.event_id));
}

async function appendToChain(
  manager: EntityManager,
  tenantId: string,
  records: PendingRecord[],
): Promise<number> {
  await manager.query(
    `INSERT INTO audit_chains (tenant_id, last_seq, last_hash) VALUES ($1, 0, $2)
     ON CONFLICT (tenant_id) DO NOTHING`,
    [tenantId, GENESIS_HASH],
  );
  const [head] = (await manager.query(
    'SELECT last_seq, last_hash FROM audit_chains WHERE tenant_id = $1 FOR UPDATE',
    [tenantId],
  )) as { last_seq: string; last_hash: string }[];
  // Another replica may have recorded some of these (a redelivery) between the
  // first look and the lock; this statement sees what it committed.
  const known = await recordedIds(
    manager,
    records.map((r) => r.eventId),
  );
  const fresh = records.filter((r) => !known.has(r.eventId));

  if (fresh.length === 0) {
    return 0;
  }
  let seq = Number(head.last_seq);
  let prevHash = head.last_hash;
  const rows = fresh.map((pending) => {
    seq += 1;
    const record = { ...pending, seq };
    const hash = chainHash(prevHash, record);
    const row = { record, prevHash, hash };

    prevHash = hash;

    return row;
  });

  await manager.query(
    `INSERT INTO audit_events
       (tenant_id, seq, event_id, at, actor, action, target, ip, result, details, prev_hash, hash)
     SELECT $1::uuid, * FROM unnest(
       $2::bigint[], $3::uuid[], $4::timestamptz[], $5::jsonb[], $6::text[], $7::jsonb[],
       $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`,
    [
      tenantId,
      rows.map((r) => r.record.seq),
      rows.map((r) => r.record.eventId),
      rows.map((r) => r.record.at),
      rows.map((r) => JSON.stringify(r.record.actor)),
      rows.map((r) => r.record.action),
      rows.map((r) => JSON.stringify(r.record.target)),
      rows.map((r) => r.record.ip),
      rows.map((r) => r.record.result),
      rows.map((r) => JSON.stringify(r.record.details)),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  );
  await manager.query(
    'UPDATE audit_chains SET last_seq = $2, last_hash = $3 WHERE tenant_id = $1',
    [tenantId, seq, prevHash],
  );

  return rows.length;
}
