import { Inject, Injectable } from '@nestjs/common';
import { inTenant } from '@rivet/database';
import { DataSource } from 'typeorm';
import { AuditEventRepository, AuditEventRow } from './audit-event.repository';
import { AuditRecord, chainHash, GENESIS_HASH } from './audit-record.hash';

export interface VerifyResult {
  ok: boolean;
  /** Rows found intact before the first broken one (all of them when ok). */
  checked: number;
  firstBrokenSeq?: number;
}

/** Rows read per round trip while walking a chain. */
const CHUNK = 5000;

/** The hashed record of a stored row, exactly as the writer hashed it. */
export function recordOfRow(row: AuditEventRow): AuditRecord {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    at: row.at.toISOString(),
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    result: row.result,
    details: row.details,
  };
}

/**
 * Walks a tenant's chain from its first row, recomputing every hash and
 * link, and checks that seqs have no gap and that the head names the last
 * row. It reads up to the head as seen when it starts: rows and head commit
 * together, so everything up to it is there; later appends are not checked.
 * Each chunk is its own short transaction.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly events: AuditEventRepository,
  ) {}

  async verify(tenantId: string): Promise<VerifyResult> {
    const head = await inTenant(this.dataSource, tenantId, (tx) => this.events.head(tx));

    if (!head) {
      const orphans = await inTenant(this.dataSource, tenantId, (tx) => this.events.hasRows(tx));

      return orphans ? { ok: false, checked: 0, firstBrokenSeq: 1 } : { ok: true, checked: 0 };
    }
    let expected = 1;
    let prevHash = GENESIS_HASH;

    while (expected <= head.lastSeq) {
      const from = expected;
      const rows = await inTenant(this.dataSource, tenantId, (tx) =>
        this.events.chunk(tx, from, head.lastSeq, CHUNK),
      );

      if (rows.length === 0) {
        return broken(expected);
      }
      for (const row of rows) {
        const record = recordOfRow(row);

        if (
          record.seq !== expected ||
          row.prev_hash !== prevHash ||
          chainHash(prevHash, record) !== row.hash
        ) {
          return broken(expected);
        }
        prevHash = row.hash;
        expected += 1;
      }
    }
    if (prevHash !== head.lastHash) {
      return broken(head.lastSeq);
    }

    return { ok: true, checked: head.lastSeq };
  }
}

function broken(seq: number): VerifyResult {
  return { ok: false, checked: seq - 1, firstBrokenSeq: seq };
}
