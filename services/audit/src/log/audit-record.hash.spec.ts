import { AuditRecord, canonicalJson, chainHash, GENESIS_HASH } from './audit-record.hash';

const record: AuditRecord = {
  seq: 1,
  eventId: '5d7e1f0c-1111-4a4a-8b8b-000000000001',
  at: '2026-01-02T03:04:05.678Z',
  tenantId: '5d7e1f0c-2222-4a4a-8b8b-000000000002',
  actor: { type: 'user', id: 'u1', ip: '10.0.0.1' },
  action: 'org.member.created',
  target: { type: 'member', id: 'm1', name: 'Ann' },
  ip: '10.0.0.1',
  result: 'success',
  details: { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('does not depend on the order keys were written in', () => {
    const reordered = JSON.parse(
      '{"details":{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1},"seq":1}',
    ) as unknown;

    expect(canonicalJson(reordered)).toBe(
      canonicalJson({ seq: 1, details: { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } } }),
    );
  });

  it('writes scalars as JSON does and leaves out undefined members', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson(1.5)).toBe('1.5');
  });
});

describe('chainHash', () => {
  it('is sha256 hex over the previous hash, a newline and the canonical record', () => {
    const hash = chainHash(GENESIS_HASH, record);

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...record })).toBe(hash);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('changes when any field or the previous hash changes', () => {
    const hash = chainHash(GENESIS_HASH, record);

    expect(chainHash('1'.repeat(64), record)).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...record, seq: 2 })).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...record, details: { b: 2 } })).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...record, ip: null })).not.toBe(hash);
  });

  it('survives a round trip that reorders keys (as jsonb does)', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const roundTrip = JSON.parse(JSON.stringify(reversed(record))) as AuditRecord;

    expect(Object.keys(roundTrip)[0]).toBe('details');
    expect(chainHash(GENESIS_HASH, roundTrip)).toBe(chainHash(GENESIS_HASH, record));
  });
});
