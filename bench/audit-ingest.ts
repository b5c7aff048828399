/**
 * Audit ingest throughput against its ceiling.
 *
 *   npm run build && node -r ./tools/register-paths.js dist/bench/audit-ingest.js [events]
 *
 * Publishes N domain events (default 20000, or BENCH_EVENTS) for a few
 * tenants to a stream of its own (a fresh bus prefix), then:
 *  1. ceiling: a bare durable pull consumer fetches, parses and acks them all (no database);
 *  2. audit: boots the audit service in-process on a fresh schema and times until every
 *     event is in a chain;
 * and prints both rates and their ratio, then verifies every chain. Needs the
 * local Postgres and NATS; cleans up its schema and stream.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AckPolicy, connect, DeliverPolicy, JetStreamManager, NatsConnection } from 'nats';

const EVENTS = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 20_000);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 4);
const BATCH = 500;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rivet';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `bench${randomBytes(4).toString('hex')}`;
const schema = `bench_audit_${randomBytes(4).toString('hex')}`;

// Subjects are read when the service's modules load: set the prefix first.
process.env.RIVET_BUS_PREFIX = prefix;

async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });

  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function publishEvents(nc: NatsConnection, tenants: string[]): Promise<number> {
  const { buildEnvelope, defineEvent, eventSubject } = await import('@rivet/contracts');
  const { z } = await import('zod');
  const def = defineEvent('org.member.updated', 1, z.record(z.string(), z.unknown()));
  const js = nc.jetstream();
  const started = performance.now();

  for (let i = 0; i < EVENTS; i += BATCH) {
    const round = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => {
      const envelope = buildEnvelope(def, {
        tenantId: tenants[(i + j) % tenants.length],
        actor: { type: 'user', id: randomUUID(), ip: '203.0.113.7' },
        subject: { type: 'member', id: randomUUID(), name: `Member ${i + j}` },
        data: { changed: ['title', 'phone'], title: 'Senior Analyst', n: i + j },
      });

      return js.publish(eventSubject(def.name), JSON.stringify(envelope), { msgID: envelope.id });
    });

    await Promise.all(round);
  }

  return performance.now() - started;
}

/** A bare durable pull consumer: fetch, parse, ack; no database. */
async function ceiling(nc: NatsConnection, jsm: JetStreamManager, stream: string): Promise<number> {
  const { eventSubject } = await import('@rivet/contracts');
  const durable = 'bench-ceiling';

  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: eventSubject('>'),
    max_ack_pending: 20_000,
  });
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  const started = performance.now();
  let acked = 0;

  while (acked < EVENTS) {
    const messages = await consumer.fetch({ max_messages: BATCH, expires: 1000 });

    for await (const m of messages) {
      m.json();
      m.ack();
      acked += 1;
    }
  }
  await nc.flush();
  const ms = performance.now() - started;

  await jsm.consumers.delete(stream, durable);

  return ms;
}

async function main(): Promise<void> {
  const { ensureEventStream, bootstrapService, BusClient } = await import('@rivet/bus');
  const { auditRpc } = await import('@rivet/contracts');
  const { createLogger, loadConfig } = await import('@rivet/platform');
  const { ClientProxyFactory, Transport } = await import('@nestjs/microservices');
  const { AppModule } = await import('../services/audit/src/app.module');
  const { auditConfigSchema } = await import('../services/audit/src/config');
  const nc = await connect({ servers: natsUrl });
  const jsm = await nc.jetstreamManager();
  const stream = await ensureEventStream(jsm);
  const tenants = Array.from({ length: TENANTS }, () => randomUUID());

  console.log(`audit ingest bench: ${EVENTS} events, ${TENANTS} tenants, stream ${stream}`);
  const publishMs = await publishEvents(nc, tenants);

  console.log(`published        ${rate(EVENTS, publishMs)}`);
  const ceilingMs = await ceiling(nc, jsm, stream);

  console.log(`ceiling (ack)    ${rate(EVENTS, ceilingMs)}`);

  const config = loadConfig(auditConfigSchema, {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const logger = createLogger('audit', config.LOG_LEVEL);
  const started = performance.now();
  const app = await bootstrapService({
    service: 'audit',
    module: AppModule.register(config, logger),
    config,
    logger,
    httpPort: 0,
    httpHost: '127.0.0.1',
  });
  const bootedMs = performance.now() - started;
  let recorded = 0;

  try {
    const deadline = Date.now() + 600_000;

    while (recorded < EVENTS) {
      if (Date.now() > deadline) {
        throw new Error(`only ${recorded} of ${EVENTS} recorded after 10 minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [row] = await query<{ n: string | null }>(
        `SELECT sum(last_seq)::bigint AS n FROM "${schema}".audit_chains`,
      );

      recorded = Number(row?.n ?? 0);
    }
    const auditMs = performance.now() - started;
    const [span] = await query<{ ms: number }>(
      `SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) * 1000 AS ms
         FROM "${schema}".audit_events`,
    );

    console.log(
      `audit ingest     ${rate(EVENTS, auditMs)} ` +
        `(incl. ${bootedMs.toFixed(0)} ms start-up and migration)`,
    );
    console.log(`audit steady     ${rate(EVENTS, Number(span.ms))} (first to last commit)`);
    console.log(`ratio            ${((ceilingMs / auditMs) * 100).toFixed(1)}% of the ceiling`);

    const bus = new BusClient(
      ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: natsUrl } }),
      120_000,
    );
    const verifyStarted = performance.now();
    const results = await Promise.all(
      tenants.map((tenantId) =>
        bus.request(
          auditRpc.verify,
          {
            tenantId,
            actor: { type: 'system', id: 'bench', ip: null },
            requestId: randomUUID(),
            traceId: randomUUID(),
          },
          {},
        ),
      ),
    );
    const verifyMs = performance.now() - verifyStarted;

    console.log(
      `verify           ${rate(EVENTS, verifyMs)}; ok: ${results.every((r) => r.ok)}, ` +
        `checked: ${results.reduce((n, r) => n + r.checked, 0)}`,
    );
    await bus.close();
  } finally {
    await app.close();
    await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await jsm.streams.delete(stream);
    await nc.drain();
  }
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000)} events/s (${count} in ${ms.toFixed(0)} ms)`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
