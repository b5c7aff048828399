import { createHash } from 'node:crypto';
import { Actor } from '@rivet/contracts';

/** The `prev_hash` of a tenant's first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a row's hash covers: every field a reader sees, and its place in the chain. */
export interface AuditRecord {
  seq: number;
  eventId: string;
  /** ISO 8601, millisecond precision, UTC. */
  at: string;
  tenantId: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string; name: string | null };
  ip: string | null;
  result: 'success' | 'failure';
  details: Record<string, unknown>;
}

/**
 * JSON with every object's keys sorted, at every depth. Postgres `jsonb`
 * reorders keys, so a hash computed over what was written must not depend on
 * the order in which the keys come back.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);

    return `{${entries.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

/** The hash of a row: sha256, hex, over the previous hash, a newline and the canonical record. */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(record)}`)
    .digest('hex');
}
