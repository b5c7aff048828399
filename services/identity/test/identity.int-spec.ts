import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { TokenVerifier } from '@rivet/auth';
import { bootstrapService, BusClient } from '@rivet/bus';
import {
  buildEnvelope,
  Envelope,
  eventSubject,
  eventsStreamName,
  identityRpc,
  orgEvents,
  PERMISSIONS,
  RequestContext,
  RivetError,
} from '@rivet/contracts';
import { createLogger, loadConfig } from '@rivet/platform';
import { sql, testServers, uniqueName, waitFor } from '@rivet/testing';
import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, NatsConnection } from 'nats';
import { AppModule } from '../src/app.module';
import { identityConfigSchema } from '../src/config';

const schema = uniqueName('t_identity');
let app: NestFastifyApplication;
let bus: BusClient;
let nc: NatsConnection;

// Every sign-in and password change costs an argon2id hash (about 50 ms).
jest.setTimeout(30_000);

function context(tenantId: string | null, actor: RequestContext['actor']): RequestContext {
  return { tenantId, actor, requestId: randomUUID(), traceId: randomUUID() };
}

const anonymous = context(null, { type: 'anonymous', id: null, ip: '203.0.113.7' });

async function failure(promise: Promise<unknown>): Promise<RivetError> {
  try {
    await promise;
  } catch (err) {
    return err as RivetError;
  }
  throw new Error('expected the request to fail');
}

async function outbox(type: string): Promise<Envelope[]> {
  const rows = await sql<{ envelope: Envelope }>(
    `SELECT envelope FROM "${schema}".outbox_events WHERE subject = $1 ORDER BY seq`,
    [eventSubject(type)],
  );

  return rows.map((r) => r.envelope);
}

async function createEnterprise(email: string, password = 'correct horse battery') {
  return bus.request(identityRpc.createEnterprise, anonymous, {
    name: 'Harbour Trading Ltd',
    creator: { name: 'Ada Chan', email, password },
  });
}

beforeAll(async () => {
  process.env.DATABASE_SCHEMA = schema;
  const config = loadConfig(identityConfigSchema, {
    ...process.env,
    DATABASE_URL: testServers.databaseUrl,
    NATS_URL: testServers.natsUrl,
    REDIS_URL: testServers.redisUrl,
  });
  const logger = createLogger('identity', process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn');

  app = await bootstrapService({
    service: 'identity',
    module: AppModule.register(config, logger),
    config,
    logger,
    httpPort: 0,
    httpHost: '127.0.0.1',
  });
  const proxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: testServers.natsUrl },
  });

  bus = new BusClient(proxy, 10_000);
  nc = await connect({ servers: testServers.natsUrl });
}, 60_000);

afterAll(async () => {
  await bus?.close();
  await nc?.drain();
  await app?.close();
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe('identity', () => {
  it('creates an enterprise whose creator signs in as super admin, refreshes and signs out', async () => {
    const email = `${uniqueName('ada')}@harbour.example`;
    const created = await createEnterprise(email.toUpperCase());

    expect(created.enterprise).toMatchObject({
      name: 'Harbour Trading Ltd',
      edition: 'free',
      region: 'hk',
    });
    expect(created.creator.email).toBe(email);
    const tenantId = created.enterprise.id;
    const { userId, memberId } = created.creator;
    const [enterpriseCreated] = await outbox('identity.enterprise.created');

    expect(enterpriseCreated).toMatchObject({
      tenantId,
      actor: { type: 'user', id: userId, ip: '203.0.113.7' },
      data: { creator: { userId, memberId, email } },
    });

    const tokens = await bus.request(identityRpc.login, anonymous, {
      email,
      password: 'correct horse battery',
    });

    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const { keys } = await bus.request(identityRpc.keys, anonymous, {});

    expect(keys[0]).toMatchObject({ alg: 'EdDSA', use: 'sig', kty: 'OKP' });
    expect(keys[0]).not.toHaveProperty('d');
    const verifier = new TokenVerifier(async () => ({ keys }));
    const claims = await verifier.verify(tokens.accessToken);

    expect(claims).toMatchObject({ userId, tenantId, memberId });
    const user = context(tenantId, { type: 'user', id: userId, ip: null });
    const me = await bus.request(identityRpc.me, user, {});

    expect(me.user).toEqual({ id: userId, memberId, email, name: 'Ada Chan' });
    expect(me.enterprise.id).toBe(tenantId);
    expect(me.admin).toMatchObject({ role: 'super_admin', scope: { type: 'all' } });
    expect(me.admin?.permissions).toEqual([...PERMISSIONS]);
    expect(await bus.request(identityRpc.grant, user, { userId })).toMatchObject({
      grant: { tenantId, userId, role: 'super_admin' },
    });
    const { grants } = await bus.request(identityRpc.grants, anonymous, {});

    expect(grants.some((g) => g.tenantId === tenantId && g.userId === userId)).toBe(true);

    const rotated = await bus.request(identityRpc.refresh, anonymous, {
      refreshToken: tokens.refreshToken,
    });

    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    expect((await verifier.verify(rotated.accessToken))?.sessionId).toBe(claims?.sessionId);

    const reused = await failure(
      bus.request(identityRpc.refresh, anonymous, { refreshToken: tokens.refreshToken }),
    );

    expect(reused.code).toBe('unauthenticated');
    // Reuse ended the whole family: the token handed out by the rotation is dead too.
    const killed = await failure(
      bus.request(identityRpc.refresh, anonymous, { refreshToken: rotated.refreshToken }),
    );

    expect(killed.code).toBe('unauthenticated');
    expect(await outbox('identity.session.ended')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ sessionId: claims?.sessionId, reason: 'reuse_detected' }),
      }),
    ]);
    expect(await outbox('identity.session.reuse-detected')).toHaveLength(1);

    const second = await bus.request(identityRpc.login, anonymous, {
      email,
      password: 'correct horse battery',
      enterpriseId: tenantId,
    });
    const sessionId = (await verifier.verify(second.accessToken))!.sessionId;

    expect(await bus.request(identityRpc.logout, user, { sessionId })).toEqual({});
    const afterLogout = await failure(
      bus.request(identityRpc.refresh, anonymous, { refreshToken: second.refreshToken }),
    );

    expect(afterLogout.code).toBe('unauthenticated');
    const ended = await outbox('identity.session.ended');

    expect(ended[ended.length - 1].data).toMatchObject({ userId, sessionId, reason: 'logout' });
    expect((await failure(bus.request(identityRpc.me, anonymous, {}))).code).toBe(
      'unauthenticated',
    );
  });

  it('refuses a wrong password alike for known and unknown emails and records the attempt', async () => {
    const email = `${uniqueName('bo')}@harbour.example`;
    const created = await createEnterprise(email);
    const tenantId = created.enterprise.id;
    const jsm = await nc.jetstreamManager();
    const watcher = uniqueName('login_failed');

    await jsm.consumers.add(eventsStreamName(), {
      durable_name: watcher,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventSubject('identity.login.failed'),
    });
    const consumer = await nc.jetstream().consumers.get(eventsStreamName(), watcher);

    const wrong = await failure(
      bus.request(identityRpc.login, anonymous, { email, password: 'not the password' }),
    );
    const unknown = await failure(
      bus.request(identityRpc.login, anonymous, {
        email: `${uniqueName('nobody')}@harbour.example`,
        password: 'not the password',
      }),
    );

    expect(wrong.code).toBe('unauthenticated');
    expect(unknown).toMatchObject({ code: wrong.code, detail: wrong.detail });
    const event = await waitFor(async () => {
      const msg = await consumer.next({ expires: 1000 });
      const envelope = msg?.json<Envelope<{ email: string; reason: string }>>();

      return envelope?.tenantId === tenantId ? envelope : null;
    }, 'a loginFailed event on JetStream');

    expect(event).toMatchObject({
      result: 'failure',
      actor: { type: 'anonymous', id: null, ip: '203.0.113.7' },
      data: { email, reason: 'bad_password' },
    });
    await jsm.consumers.delete(eventsStreamName(), watcher);
  });

  it('asks for the enterprise when an email belongs to several', async () => {
    const email = `${uniqueName('cy')}@harbour.example`;

    await createEnterprise(email);
    await createEnterprise(email);
    const error = await failure(
      bus.request(identityRpc.login, anonymous, { email, password: 'correct horse battery' }),
    );

    expect(error.code).toBe('validation_failed');
    expect(error.extra.errors).toEqual([
      { field: 'enterpriseId', message: 'required: this email belongs to several enterprises' },
    ]);

    // Without the password, the caller learns nothing about the other enterprises.
    const guess = await failure(
      bus.request(identityRpc.login, anonymous, { email, password: 'a wrong guess' }),
    );

    expect(guess.code).toBe('unauthenticated');
  });

  it('signs in where the password fits when an email is in several enterprises', async () => {
    const email = `${uniqueName('cz')}@harbour.example`;
    const mine = await createEnterprise(email, 'my own passphrase');

    // Someone else signs up an enterprise with the same email and another password.
    await createEnterprise(email, 'somebody elses words');
    const tokens = await bus.request(identityRpc.login, anonymous, {
      email,
      password: 'my own passphrase',
    });
    const claims = JSON.parse(
      Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString('utf8'),
    ) as { tid: string };

    expect(claims.tid).toBe(mine.enterprise.id);
  });

  it('lets a member created with a password sign in once its account arrives, once', async () => {
    const admin = await createEnterprise(`${uniqueName('di')}@harbour.example`);
    const tenantId = admin.enterprise.id;
    const userId = randomUUID();
    const memberId = randomUUID();
    const email = `${uniqueName('eve')}@harbour.example`;
    const org = context(tenantId, { type: 'system', id: 'org', ip: null });

    await bus.request(identityRpc.setCredential, org, { userId, password: 'a fine passphrase' });
    expect(await outbox('identity.credential.set')).toEqual([
      expect.objectContaining({ tenantId, data: { userId } }),
    ]);
    const envelope = buildEnvelope(orgEvents.memberCreated, {
      tenantId,
      actor: { type: 'user', id: admin.creator.userId, ip: null },
      subject: { type: 'member', id: memberId, name: 'Eve Lau' },
      data: {
        id: memberId,
        userId,
        externalId: null,
        name: 'Eve Lau',
        email,
        phone: null,
        departmentIds: [],
        title: null,
        managerId: null,
        jobGrade: null,
        hireDate: null,
      },
    });
    const js = nc.jetstream();

    // Twice, under two message ids, as a redelivery past the duplicate window would arrive.
    await js.publish(eventSubject('org.member.created'), JSON.stringify(envelope), {
      msgID: randomUUID(),
    });
    await js.publish(eventSubject('org.member.created'), JSON.stringify(envelope), {
      msgID: randomUUID(),
    });
    const tokens = await waitFor(
      () =>
        bus
          .request(identityRpc.login, anonymous, { email, password: 'a fine passphrase' })
          .catch(() => null),
      'the member to sign in',
    );
    const { keys } = await bus.request(identityRpc.keys, anonymous, {});

    expect(
      await new TokenVerifier(async () => ({ keys })).verify(tokens.accessToken),
    ).toMatchObject({ userId, tenantId, memberId });
    const jsm = await nc.jetstreamManager();

    await waitFor(async () => {
      const info = await jsm.consumers.info(eventsStreamName(), 'identity-accounts');

      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 'both deliveries to be handled');
    const processed = await sql(
      `SELECT event_id FROM "${schema}".processed_events WHERE event_id = $1`,
      [envelope.id],
    );
    const accounts = await sql(`SELECT id FROM "${schema}".accounts WHERE id = $1`, [userId]);
    const created = (await outbox('identity.account.created')).filter(
      (e) => (e.data as { userId: string }).userId === userId,
    );

    expect(processed).toHaveLength(1);
    expect(accounts).toHaveLength(1);
    expect(created).toHaveLength(1);
  });

  it('refuses tenant requests without a tenant, and me without a user', async () => {
    const noTenant = context(null, { type: 'system', id: 'org', ip: null });
    const system = context(randomUUID(), { type: 'system', id: 'org', ip: null });

    expect((await failure(bus.request(identityRpc.me, system, {}))).code).toBe('unauthenticated');

    expect(
      (await failure(bus.request(identityRpc.grant, noTenant, { userId: randomUUID() }))).code,
    ).toBe('unauthenticated');
    expect(
      (
        await failure(
          bus.request(identityRpc.setCredential, noTenant, {
            userId: randomUUID(),
            password: 'a fine passphrase',
          }),
        )
      ).code,
    ).toBe('unauthenticated');
  });
});
