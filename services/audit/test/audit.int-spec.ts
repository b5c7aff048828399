import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootstrapService, BusClient } from '@rivet/bus';
import {
  Actor,
  AuditEvent,
  auditRpc,
  buildEnvelope,
  defineEvent,
  Envelope,
  eventSubject,
  eventsStreamName,
  RequestContext,
  RivetError,
} from '@rivet/contracts';
import { createLogger, loadConfig } from '@rivet/platform';
import { sql, testServers, uniqueName, waitFor } from '@rivet/testing';
import { randomUUID } from 'node:crypto';
import { connect, JetStreamClient, NatsConnection } from 'nats';
import { z } from 'zod';
import { AppModule } from '../src/app.module';
import { auditConfigSchema } from '../src/config';

// The servers are shared with other test runs; leave room for a busy machine.
jest.setTimeout(30_000);

const schema = uniqueName('t_audit');
const apps: NestFastifyApplication[] = [];
let bus: BusClient;
let nc: NatsConnection;
let js: JetStreamClient;

const anything = z.record(z.string(), z.unknown());
const events = {
  memberCreated: defineEvent('org.member.created', 1, anything),
  memberUpdated: defineEvent('org.member.updated', 1, anything),
  departmentCreated: defineEvent('org.department.created', 1, anything),
  loginFailed: defineEvent('identity.login.failed', 1, anything),
};

async function startAudit(): Promise<NestFastifyApplication> {
  const config = loadConfig(auditConfigSchema, {
    ...process.env,
    DATABASE_URL: testServers.databaseUrl,
    NATS_URL: testServers.natsUrl,
    DATABASE_SCHEMA: schema,
  });
  const logger = createLogger('audit', process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn');
  const app = await bootstrapService({
    service: 'audit',
    module: AppModule.register(config, logger),
    config,
    logger,
    httpPort: 0,
    httpHost: '127.0.0.1',
  });

  apps.push(app);

  return app;
}

function reader(tenantId: string | null): RequestContext {
  return {
    tenantId,
    actor: { type: 'user', id: randomUUID(), ip: '198.51.100.1' },
    requestId: randomUUID(),
    traceId: randomUUID(),
  };
}

function user(id: string, ip: string | null = '203.0.113.9'): Actor {
  return { type: 'user', id, ip };
}

async function publish(envelope: Envelope, msgID: string = envelope.id): Promise<void> {
  await js.publish(eventSubject(envelope.type), JSON.stringify(envelope), { msgID });
}

async function publishAll(envelopes: Envelope[]): Promise<void> {
  for (let i = 0; i < envelopes.length; i += 200) {
    await Promise.all(envelopes.slice(i, i + 200).map((e) => publish(e)));
  }
}

async function listAll(
  tenantId: string,
  filter: { action?: string; actorId?: string; targetId?: string; from?: string; to?: string } = {},
  limit = 500,
): Promise<AuditEvent[]> {
  const items: AuditEvent[] = [];
  let cursor: string | undefined;

  do {
    const page = await bus.request(auditRpc.listEvents, reader(tenantId), {
      ...filter,
      limit,
      cursor,
    });

    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  return items;
}

async function recorded(tenantId: string): Promise<number> {
  const [row] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".audit_events WHERE tenant_id = $1`,
    [tenantId],
  );

  return row.n;
}

async function failure(promise: Promise<unknown>): Promise<RivetError> {
  try {
    await promise;
  } catch (err) {
    return err as RivetError;
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  await startAudit();
  nc = await connect({ servers: testServers.natsUrl });
  js = nc.jetstream();
  bus = new BusClient(
    ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: testServers.natsUrl },
    }),
    10_000,
  );
}, 60_000);

afterAll(async () => {
  await bus?.close();
  await nc?.drain();
  for (const app of apps) {
    await app.close();
  }
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe('audit log', () => {
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const ann = randomUUID();
  const bob = randomUUID();
  const member1 = randomUUID();
  const member2 = randomUUID();
  const published: Envelope[] = [];

  beforeAll(async () => {
    const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const make = (
      def: (typeof events)[keyof typeof events],
      tenantId: string,
      actor: Actor,
      target: { type: string; id: string; name?: string },
      data: Record<string, unknown>,
      minute: number,
      result: 'success' | 'failure' = 'success',
    ) => ({
      ...buildEnvelope(def, { tenantId, actor, subject: target, data, result }),
      at: at(minute),
    });

    published.push(
      make(
        events.memberCreated,
        tenantA,
        user(ann),
        { type: 'member', id: member1, name: 'Ming' },
        { email: 'm@x.hk', password: 'leaked' },
        1,
      ),
      make(
        events.memberCreated,
        tenantA,
        user(ann),
        { type: 'member', id: member2, name: 'Wing' },
        { email: 'w@x.hk' },
        2,
      ),
      make(
        events.memberUpdated,
        tenantA,
        user(bob),
        { type: 'member', id: member1, name: 'Ming' },
        { changed: ['title'], nested: { token: 't', keep: true } },
        3,
      ),
      make(
        events.departmentCreated,
        tenantA,
        user(bob),
        { type: 'department', id: randomUUID(), name: 'Sales' },
        { name: 'Sales' },
        4,
      ),
      make(
        events.loginFailed,
        tenantA,
        { type: 'anonymous', id: null, ip: '192.0.2.44' },
        { type: 'account', id: ann },
        { email: 'ann@x.hk', reason: 'bad_password' },
        5,
        'failure',
      ),
      make(
        events.memberCreated,
        tenantA,
        user(ann),
        { type: 'member', id: randomUUID(), name: 'Kit' },
        {},
        6,
      ),
      make(
        events.memberCreated,
        tenantA,
        user(ann),
        { type: 'member', id: randomUUID(), name: 'Lok' },
        {},
        7,
      ),
      make(
        events.memberCreated,
        tenantB,
        user(randomUUID()),
        { type: 'member', id: randomUUID() },
        {},
        1,
      ),
      make(
        events.departmentCreated,
        tenantB,
        user(randomUUID()),
        { type: 'department', id: randomUUID() },
        {},
        2,
      ),
    );
    for (const envelope of published) {
      await publish(envelope);
    }
    await waitFor(
      async () => (await recorded(tenantA)) === 7 && (await recorded(tenantB)) === 2,
      'both tenants to be recorded',
    );
  });

  it('lists a tenant’s events newest first with the recorded fields', async () => {
    const items = await listAll(tenantA);

    expect(items.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(items.map((e) => e.id)).toEqual(
      published
        .slice(0, 7)
        .map((e) => e.id)
        .reverse(),
    );
    const failed = items.find((e) => e.action === 'identity.login.failed');

    expect(failed).toMatchObject({
      tenantId: tenantA,
      at: '2026-03-01T10:05:00.000Z',
      actor: { type: 'anonymous', id: null, ip: '192.0.2.44' },
      target: { type: 'account', id: ann, name: null },
      ip: '192.0.2.44',
      result: 'failure',
      details: { email: 'ann@x.hk', reason: 'bad_password' },
    });
    expect((await listAll(tenantB)).map((e) => e.seq)).toEqual([2, 1]);
  });

  it('never records secret-looking fields', async () => {
    const items = await listAll(tenantA, { targetId: member1 });

    expect(items.map((e) => e.details)).toEqual([
      { changed: ['title'], nested: { keep: true } },
      { email: 'm@x.hk' },
    ]);
  });

  it('filters by action, action prefix, actor, target and time', async () => {
    const seqs = async (filter: Parameters<typeof listAll>[1]) =>
      (await listAll(tenantA, filter)).map((e) => e.seq);

    expect(await seqs({ action: 'org.member.created' })).toEqual([7, 6, 2, 1]);
    expect(await seqs({ action: 'org.member.*' })).toEqual([7, 6, 3, 2, 1]);
    expect(await seqs({ action: 'org.*' })).toEqual([7, 6, 4, 3, 2, 1]);
    expect(await seqs({ action: 'org.member' })).toEqual([]);
    expect(await seqs({ actorId: bob })).toEqual([4, 3]);
    expect(await seqs({ targetId: member1 })).toEqual([3, 1]);
    expect(
      await seqs({ from: '2026-03-01T10:02:00.000Z', to: '2026-03-01T10:05:00.000Z' }),
    ).toEqual([4, 3, 2]);
    expect(
      await seqs({ action: 'org.member.*', actorId: ann, from: '2026-03-01T10:02:00Z' }),
    ).toEqual([7, 6, 2]);
  });

  it('pages with a cursor and keeps tenants apart', async () => {
    const first = await bus.request(auditRpc.listEvents, reader(tenantA), { limit: 3 });
    const second = await bus.request(auditRpc.listEvents, reader(tenantA), {
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    const third = await bus.request(auditRpc.listEvents, reader(tenantA), {
      limit: 3,
      cursor: second.nextCursor ?? undefined,
    });

    expect(first.items.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(second.items.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(third.items.map((e) => e.seq)).toEqual([1]);
    expect(third.nextCursor).toBeNull();
    expect((await listAll(tenantB)).every((e) => e.tenantId === tenantB)).toBe(true);
    expect((await listAll(randomUUID())).length).toBe(0);
  });

  it('rejects a foreign cursor and a caller without a tenant', async () => {
    expect(
      (await failure(bus.request(auditRpc.listEvents, reader(tenantA), { cursor: 'nonsense' })))
        .code,
    ).toBe('validation_failed');
    expect((await failure(bus.request(auditRpc.listEvents, reader(null), {}))).code).toBe(
      'forbidden',
    );
  });

  it('verifies intact chains', async () => {
    expect(await bus.request(auditRpc.verify, reader(tenantA), {})).toEqual({
      ok: true,
      checked: 7,
    });
    expect(await bus.request(auditRpc.verify, reader(tenantB), {})).toEqual({
      ok: true,
      checked: 2,
    });
    expect(await bus.request(auditRpc.verify, reader(randomUUID()), {})).toEqual({
      ok: true,
      checked: 0,
    });
  });

  it('records an event published twice (past the stream’s dedupe) once', async () => {
    const tenant = randomUUID();
    const twice = buildEnvelope(events.memberUpdated, {
      tenantId: tenant,
      actor: user(ann),
      subject: { type: 'member', id: member1 },
      data: { changed: ['name'] },
    });
    const marker = buildEnvelope(events.memberUpdated, {
      tenantId: tenant,
      actor: user(ann),
      subject: { type: 'member', id: member2 },
      data: {},
    });

    await publish(twice, randomUUID());
    await publish(twice, randomUUID());
    await publish(marker);
    await waitFor(
      async () => (await listAll(tenant)).some((e) => e.id === marker.id),
      'the marker event to be recorded',
    );
    // A later batch may still hold the second copy; one more marker proves it was seen.
    const after = buildEnvelope(events.memberUpdated, {
      tenantId: tenant,
      actor: user(ann),
      subject: { type: 'member', id: member2 },
      data: {},
    });

    await publish(twice, randomUUID());
    await publish(after);
    await waitFor(
      async () => (await listAll(tenant)).some((e) => e.id === after.id),
      'the last event to be recorded',
    );

    expect((await listAll(tenant)).map((e) => e.id)).toEqual([after.id, marker.id, twice.id]);
    expect(await bus.request(auditRpc.verify, reader(tenant), {})).toEqual({
      ok: true,
      checked: 3,
    });
  });

  it('refuses to change or remove a row', async () => {
    await expect(
      sql(`UPDATE "${schema}".audit_events SET action = 'x' WHERE tenant_id = $1`, [tenantA]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql(`DELETE FROM "${schema}".audit_events WHERE tenant_id = $1`, [tenantA]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE "${schema}".audit_events`)).rejects.toThrow(/append-only/);
  });

  it('detects a row changed behind its back', async () => {
    const tenant = randomUUID();
    const batch = Array.from({ length: 6 }, (_, i) =>
      buildEnvelope(events.memberUpdated, {
        tenantId: tenant,
        actor: user(bob),
        subject: { type: 'member', id: randomUUID() },
        data: { n: i },
      }),
    );

    await publishAll(batch);
    await waitFor(async () => (await recorded(tenant)) === 6, 'six events to be recorded');
    expect(await bus.request(auditRpc.verify, reader(tenant), {})).toEqual({
      ok: true,
      checked: 6,
    });

    await sql(`ALTER TABLE "${schema}".audit_events DISABLE TRIGGER ALL`);
    try {
      await sql(
        `UPDATE "${schema}".audit_events SET details = '{"n": 99}' WHERE tenant_id = $1 AND seq = 4`,
        [tenant],
      );
    } finally {
      await sql(`ALTER TABLE "${schema}".audit_events ENABLE TRIGGER ALL`);
    }

    expect(await bus.request(auditRpc.verify, reader(tenant), {})).toEqual({
      ok: false,
      checked: 3,
      firstBrokenSeq: 4,
    });
    expect(await bus.request(auditRpc.verify, reader(tenantA), {})).toMatchObject({ ok: true });
  });
});

describe('two audit replicas', () => {
  it('record every event once and never fork a chain', async () => {
    await startAudit();
    const tenants = [randomUUID(), randomUUID(), randomUUID()];
    const batch = Array.from({ length: 2000 }, (_, i) =>
      buildEnvelope(events.memberUpdated, {
        tenantId: tenants[i % 3],
        actor: user(randomUUID()),
        subject: { type: 'member', id: randomUUID() },
        data: { i },
      }),
    );

    await publishAll(batch);
    // Redeliveries racing their originals across the two replicas.
    for (const envelope of batch.filter((_, i) => i % 20 === 0)) {
      await publish(envelope, randomUUID());
    }
    await waitFor(
      async () => {
        const counts = await Promise.all(tenants.map((t) => recorded(t)));

        return counts.reduce((a, b) => a + b, 0) === 2000;
      },
      '2000 events to be recorded',
      { timeoutMs: 60_000, everyMs: 200 },
    );
    // Let the late duplicates arrive: they must add nothing.
    const jsm = await nc.jetstreamManager();

    await waitFor(
      async () => {
        const info = await jsm.consumers.info(eventsStreamName(), 'audit-ingest');

        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      'the audit consumer to drain',
      { timeoutMs: 30_000 },
    );

    const rows = await sql<{ event_id: string }>(
      `SELECT event_id FROM "${schema}".audit_events WHERE tenant_id = ANY($1::uuid[])`,
      [tenants],
    );

    expect(new Set(rows.map((r) => r.event_id)).size).toBe(2000);
    expect(rows.length).toBe(2000);
    for (const [i, tenant] of tenants.entries()) {
      const expected = [667, 667, 666][i];

      expect(await bus.request(auditRpc.verify, reader(tenant), {})).toEqual({
        ok: true,
        checked: expected,
      });
    }
  }, 120_000);
});
