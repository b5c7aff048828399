import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@rivet/auth';
import {
  buildEnvelope,
  eventSubject,
  Grant,
  identityEvents,
  identityRpc,
  rpcSubject,
  RpcDef,
  uploadKey,
} from '@rivet/contracts';
import { createLogger, loadConfig } from '@rivet/platform';
import { testServers, waitFor } from '@rivet/testing';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { connect, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { gatewayConfigSchema } from '../src/config';
import { startGateway } from '../src/gateway';

const tenantId = randomUUID();
const kid = 'test-key-1';

/**
 * Stands in for identity on the bus, speaking Nest's NATS request/reply
 * format: it publishes a signing key and answers grant questions from a map.
 */
class FakeIdentity {
  readonly grants = new Map<string, Grant>();
  grantAsks = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jwk: JWK,
  ) {}

  start(): void {
    this.answer(identityRpc.keys, () => ({ keys: [this.jwk] }));
    this.answer(identityRpc.grants, () => ({ grants: [...this.grants.values()] }));
    this.answer(identityRpc.grant, (input) => {
      this.grantAsks += 1;

      return { grant: this.grants.get((input as { userId: string }).userId) ?? null };
    });
  }

  private answer(def: RpcDef, reply: (input: unknown) => unknown): void {
    this.nc.subscribe(rpcSubject(def.subject), {
      callback: (_err, msg) => {
        const packet = msg.json<{ id: string; data: { data: unknown } }>();

        msg.respond(
          JSON.stringify({ id: packet.id, response: reply(packet.data.data), isDisposed: true }),
        );
      },
    });
  }
}

describe('gateway (integration)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let nc: NatsConnection;
  let identity: FakeIdentity;
  let privateKey: KeyLike;

  const grantOf = (userId: string, role: Grant['role'], permissions: Grant['permissions']) => ({
    tenantId,
    userId,
    role,
    permissions,
    scope: { type: 'all' as const, departmentIds: [], includeDescendants: true },
  });
  const tokenFor = (userId: string, sessionId = randomUUID()) =>
    new SignJWT({ tid: tenantId, mid: null, sid: sessionId })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  const get = (path: string, token?: string) =>
    fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    const keys = await generateKeyPair('EdDSA');

    privateKey = keys.privateKey;
    nc = await connect({ servers: testServers.natsUrl });
    identity = new FakeIdentity(nc, { ...(await exportJWK(keys.publicKey)), kid, alg: 'EdDSA' });
    identity.start();
    await nc.flush();
    const config = loadConfig(gatewayConfigSchema, {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: testServers.databaseUrl,
      REDIS_URL: testServers.redisUrl,
      NATS_URL: testServers.natsUrl,
      // Nothing but the fake identity answers here: unanswered calls should fail fast.
      RIVET_RPC_TIMEOUT_MS: '500',
    });

    app = await startGateway(
      config,
      createLogger('gateway', process.env.TEST_LOG_LEVEL ?? 'silent'),
    );
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await nc?.drain();
  });

  it('answers liveness, readiness with each dependency, and metrics', async () => {
    const live = await get('/healthz');

    expect(live.status).toBe(200);
    const ready = await get('/readyz');
    const body = (await ready.json()) as { status: string; info: Record<string, unknown> };

    expect(ready.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info).sort()).toEqual(['nats', 'postgres', 'redis']);
    const metrics = await get('/metrics');
    const text = await metrics.text();

    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('rivet_http_request_duration_seconds_bucket{');
    expect(text).toMatch(/route="\/healthz",status="200"/);
  });

  it('publishes the OpenAPI document with every route, body schemas and bearer auth', async () => {
    const res = await get('/docs/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { securitySchemes: Record<string, unknown> };
    };

    expect(res.status).toBe(200);
    for (const path of [
      '/api/v1/enterprises',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/departments',
      '/api/v1/departments/tree',
      '/api/v1/departments/{id}',
      '/api/v1/members',
      '/api/v1/members/{id}',
      '/api/v1/imports',
      '/api/v1/imports/{id}',
      '/api/v1/audit/events',
      '/api/v1/audit/verify',
      '/.well-known/jwks.json',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(JSON.stringify(doc.paths['/api/v1/enterprises'].post.requestBody)).toContain(
      '"creator"',
    );
    expect(JSON.stringify(doc.paths['/api/v1/members'].get.parameters)).toContain('"descendants"');
    expect(JSON.stringify(doc.paths['/api/v1/me'].get.responses)).toContain(
      'application/problem+json',
    );
    expect(Object.keys(doc.components.securitySchemes)).toContain('bearer');
    const ui = await get('/docs');

    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('/docs/openapi.json');
    expect((await get('/docs/swagger-ui-bundle.js')).status).toBe(200);
    expect((await get('/docs/../package.json')).status).toBe(404);
  });

  it('answers an unknown route with a not_found problem carrying the request id', async () => {
    const res = await fetch(`${base}/no/such/route`, { headers: { 'x-request-id': 'trace-me-1' } });
    const body = (await res.json()) as Record<string, unknown>;

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('x-request-id')).toBe('trace-me-1');
    expect(body).toMatchObject({
      type: 'about:blank',
      status: 404,
      code: 'not_found',
      instance: '/no/such/route',
      requestId: 'trace-me-1',
    });
  });

  it('refuses a missing or garbage token with 401 unauthenticated', async () => {
    const none = await get('/api/v1/me');
    const garbage = await get('/api/v1/departments', 'not-a-jwt');
    const forged = await get('/api/v1/departments', 'eyJhbGciOiJub25lIiwia2lkIjoieCJ9.e30.');

    for (const res of [none, garbage, forged]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('unauthenticated');
    }
  });

  it('answers malformed JSON and a wrong body with validation_failed', async () => {
    const malformed = await post('/api/v1/auth/login', '{"email": ');
    const invalid = await post(
      '/api/v1/enterprises',
      JSON.stringify({ name: '', creator: { name: 'A', email: 'nope', password: 'short' } }),
    );
    const invalidBody = (await invalid.json()) as { code: string; errors: { field: string }[] };

    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('validation_failed');
    expect(invalid.status).toBe(400);
    expect(invalidBody.code).toBe('validation_failed');
    expect(invalidBody.errors.map((e) => e.field).sort()).toEqual([
      'creator.email',
      'creator.password',
      'name',
    ]);
  });

  it('answers 503 unavailable quickly when the service behind a route is not running', async () => {
    const started = Date.now();
    const res = await post(
      '/api/v1/enterprises',
      JSON.stringify({
        name: 'Acme',
        creator: { name: 'Owner', email: 'owner@acme.example.com', password: 'Long-Enough-1' },
      }),
    );

    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('serves the public keys', async () => {
    const res = await get('/.well-known/jwks.json');

    expect(res.status).toBe(200);
    expect(((await res.json()) as { keys: { kid: string }[] }).keys[0].kid).toBe(kid);
  });

  it('forbids a user without a grant, asking identity once, and follows grant events', async () => {
    const userId = randomUUID();
    const token = await tokenFor(userId);
    const first = await get('/api/v1/departments', token);
    const second = await get('/api/v1/departments', token);

    expect(first.status).toBe(403);
    expect(((await first.json()) as { code: string }).code).toBe('forbidden');
    expect(second.status).toBe(403);
    expect(identity.grantAsks).toBe(1);

    nc.publish(
      eventSubject(identityEvents.adminGranted.name),
      JSON.stringify(
        buildEnvelope(identityEvents.adminGranted, {
          tenantId,
          actor: { type: 'system', id: 'identity', ip: null },
          subject: { type: 'user', id: userId },
          data: grantOf(userId, 'sub_admin', ['org.read']),
        }),
      ),
    );
    // org is not running: getting past the guard shows as 503 from the bus.
    await waitFor(
      async () => (await get('/api/v1/departments', token)).status === 503,
      'the grant event to open org.read',
    );
    const write = await post('/api/v1/departments', JSON.stringify({ name: 'Sales' }), {
      authorization: `Bearer ${token}`,
    });

    expect(write.status).toBe(403);
    const notUuid = await get('/api/v1/departments/not-a-uuid', token);

    expect(notUuid.status).toBe(404);
    expect(((await notUuid.json()) as { code: string }).code).toBe('not_found');
  });

  it('lets through a grant identity knows before its event arrives', async () => {
    const userId = randomUUID();

    identity.grants.set(userId, grantOf(userId, 'super_admin', []));
    const res = await get('/api/v1/audit/verify', await tokenFor(userId));

    expect(res.status).toBe(503);
  });

  it('takes an empty JSON body as none, and parks a large import in Redis', async () => {
    const userId = randomUUID();
    const token = await tokenFor(userId);

    identity.grants.set(userId, grantOf(userId, 'super_admin', []));
    const emptyDelete = await fetch(`${base}/api/v1/departments/${randomUUID()}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

    // Past the body parser and the guard: only the missing org answers.
    expect(emptyDelete.status).toBe(503);

    const redis = new Redis(testServers.redisUrl);
    const before = await redis.keys(uploadKey('*'));
    const csv = `externalId,name\n${Array.from({ length: 60_000 }, (_, i) => `D${i},Department ${i}`).join('\n')}`;
    const big = await post('/api/v1/imports', JSON.stringify({ kind: 'departments', csv }), {
      authorization: `Bearer ${token}`,
    });
    const after = await redis.keys(uploadKey('*'));
    const parked = after.filter((k) => !before.includes(k));

    expect(csv.length).toBeGreaterThan(1024 * 1024);
    expect(big.status).toBe(503);
    expect(parked).toHaveLength(1);
    expect(await redis.get(parked[0])).toBe(csv);
    await redis.del(parked);
    await redis.quit();
  });

  it('validates query strings through the catalogue', async () => {
    const userId = randomUUID();

    identity.grants.set(userId, grantOf(userId, 'super_admin', []));
    const res = await get('/api/v1/members?limit=many', await tokenFor(userId));
    const body = (await res.json()) as { code: string; errors: { field: string }[] };

    expect(res.status).toBe(400);
    expect(body.errors.map((e) => e.field)).toEqual(['limit']);
  });

  it('refuses the tokens of an ended session', async () => {
    const userId = randomUUID();
    const sessionId = randomUUID();
    const token = await tokenFor(userId, sessionId);

    expect((await get('/api/v1/me', token)).status).toBe(503);
    nc.publish(
      eventSubject(identityEvents.sessionEnded.name),
      JSON.stringify(
        buildEnvelope(identityEvents.sessionEnded, {
          tenantId,
          actor: { type: 'user', id: userId, ip: null },
          subject: { type: 'session', id: sessionId },
          data: {
            userId,
            sessionId,
            until: new Date(Date.now() + 300_000).toISOString(),
            reason: 'logout',
          },
        }),
      ),
    );
    await waitFor(
      async () => (await get('/api/v1/me', token)).status === 401,
      'the session-ended event to revoke the token',
    );
  });
});
