import { randomUUID } from 'node:crypto';
import { defineEvent, eventSubject, SYSTEM_ACTOR } from '@rivet/contracts';
import { createDataSource, ensureSchema } from '@rivet/database';
import { createTestSchema, testServers, waitFor } from '@rivet/testing';
import { connect, JetStreamClient, NatsConnection } from 'nats';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ensureEventStream } from './event-stream';
import { EventCollector } from './outbox';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

const probeEvent = defineEvent('test.probe.happened', 1, z.object({ n: z.number().int() }));
const logger = pino({ level: 'silent' });

describe('outbox relay (Postgres + JetStream)', () => {
  let schema: { schema: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let stream: string;

  beforeAll(async () => {
    schema = await createTestSchema('outbox');
    await ensureSchema(testServers.databaseUrl, schema.schema);
    dataSource = createDataSource(
      { schema: 'outbox', entities: [OutboxEventEntity], migrations: [] },
      { url: testServers.databaseUrl, poolSize: 4, schema: schema.schema },
    );
    await dataSource.initialize();
    await dataSource.synchronize();
    nc = await connect({ servers: testServers.natsUrl });
    js = nc.jetstream();
    stream = await ensureEventStream(await nc.jetstreamManager());
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();

    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await dataSource.destroy();
    await schema.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE outbox_events');
    await (await nc.jetstreamManager()).streams.purge(stream);
  });

  async function commitEvents(count: number, aggregate = randomUUID()): Promise<string[]> {
    const tenantId = randomUUID();

    return dataSource.transaction(async (manager) => {
      const events = new EventCollector();
      const ids = Array.from({ length: count }, (_, n) =>
        events.emit(probeEvent, {
          tenantId,
          actor: SYSTEM_ACTOR('test'),
          subject: { type: 'probe', id: aggregate },
          data: { n },
        }),
      ).map((e) => e.id);

      await events.flush(manager);

      return ids;
    });
  }

  async function streamed(): Promise<{ id: string; n: number }[]> {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const out: { id: string; n: number }[] = [];

    for (
      let seq = info.state.first_seq;
      seq <= info.state.last_seq && info.state.messages > 0;
      seq++
    ) {
      const msg = await jsm.streams.getMessage(stream, { seq });
      const envelope = msg.json<{ id: string; data: { n: number } }>();

      out.push({ id: envelope.id, n: envelope.data.n });
    }

    return out;
  }

  it('publishes events committed while no relay ran, once started', async () => {
    const ids = await commitEvents(3);
    const relay = new OutboxRelay(dataSource, js, logger, { idleMs: 50 });

    relay.start();
    try {
      const seen = await waitFor(async () => {
        const all = await streamed();

        return all.length >= 3 ? all : null;
      }, 'three events on the stream');

      expect(seen.map((e) => e.id)).toEqual(ids);
    } finally {
      await relay.stop();
    }
    const [{ unsent }] = await dataSource.query(
      'SELECT count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL',
    );

    expect(unsent).toBe(0);
  });

  it('delivers once an event whose publish was interrupted after commit', async () => {
    const [id] = await commitEvents(1);
    // The first relay dies after JetStream accepted the message but before it
    // marked the row sent: the row stays unsent.
    const dying = {
      publish: async (subject: string, data: string, opts: { msgID: string }) => {
        await js.publish(subject, data, opts);
        throw new Error('process died before marking the row sent');
      },
    } as unknown as JetStreamClient;

    await expect(new OutboxRelay(dataSource, dying, logger).publishBatch()).rejects.toThrow('died');

    expect(await streamed()).toHaveLength(1);

    const restarted = new OutboxRelay(dataSource, js, logger);

    await expect(restarted.publishBatch()).resolves.toBe(1);

    const seen = await streamed();

    expect(seen.map((e) => e.id)).toEqual([id]);
  });

  it('keeps commit order when two relays run at once', async () => {
    const aggregate = randomUUID();
    const ids: string[] = [];

    for (let i = 0; i < 10; i++) {
      ids.push(...(await commitEvents(100, aggregate)));
    }
    const relays = [
      new OutboxRelay(dataSource, js, logger, { batchSize: 37, idleMs: 20 }),
      new OutboxRelay(dataSource, js, logger, { batchSize: 37, idleMs: 20 }),
    ];

    relays.forEach((r) => r.start());
    try {
      await waitFor(async () => (await streamed()).length >= 1000, '1000 events on the stream', {
        timeoutMs: 30_000,
      });
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    const seen = await streamed();

    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(new Set(seen.map((e) => e.id)).size).toBe(1000);
  });

  it('uses the event subject of the catalogue', async () => {
    await commitEvents(1);
    await new OutboxRelay(dataSource, js, logger).publishBatch();
    const jsm = await nc.jetstreamManager();
    const msg = await jsm.streams.getMessage(stream, {
      last_by_subj: eventSubject('test.probe.happened'),
    });

    expect(msg.subject).toBe(eventSubject('test.probe.happened'));
  });
});
