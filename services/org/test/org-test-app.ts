import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootstrapService, BusClient, ServiceBootOptions } from '@rivet/bus';
import { identityRpc, ImportStatus, orgRpc, RequestContext, rpcSubject } from '@rivet/contracts';
import { createLogger, loadConfig } from '@rivet/platform';
import { sql, testServers, uniqueName, waitFor } from '@rivet/testing';
import { connect, NatsConnection, Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { orgConfigSchema } from '../src/config';

/** The org service booted in-process on a schema of its own, and a client to call it. */
export interface OrgTestApp {
  app: NestFastifyApplication;
  client: BusClient;
  schema: string;
  close(): Promise<void>;
}

export async function startOrg(
  options: {
    rpcGuards?: ServiceBootOptions['rpcGuards'];
    /** Answer identity's one-user grant query with "no grant" (identity does not run here). */
    noGrants?: boolean;
  } = {},
): Promise<OrgTestApp> {
  const schema = uniqueName('t_org').toLowerCase();

  process.env.DATABASE_SCHEMA = schema;
  const config = loadConfig(orgConfigSchema, {
    ...process.env,
    DATABASE_URL: testServers.databaseUrl,
    REDIS_URL: testServers.redisUrl,
    NATS_URL: testServers.natsUrl,
  });
  const logger = createLogger('org', process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn');
  const app = await bootstrapService({
    service: 'org',
    module: AppModule.register(config, logger),
    config,
    logger,
    httpPort: 0,
    httpHost: '127.0.0.1',
    rpcGuards: options.rpcGuards,
  });
  const proxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: testServers.natsUrl },
  });
  const client = new BusClient(proxy, 10_000);
  const identity = options.noGrants ? await connect({ servers: testServers.natsUrl }) : null;

  if (identity) {
    answerNoGrant(identity);
  }

  return {
    app,
    client,
    schema,
    close: async () => {
      await client.close();
      await identity?.close();
      await app.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/** A request context of a user in a fresh tenant. */
export function userContext(tenantId: string = randomUUID()): RequestContext {
  return {
    tenantId,
    actor: { type: 'user', id: randomUUID(), ip: '127.0.0.1' },
    requestId: randomUUID(),
    traceId: randomUUID(),
  };
}

/** Waits until an import is no longer running; returns its final status. */
export async function importFinished(
  org: OrgTestApp,
  ctx: RequestContext,
  id: string,
  timeoutMs = 40_000,
): Promise<ImportStatus> {
  return waitFor(
    async () => {
      const status = await org.client.request(orgRpc.getImport, ctx, { id });

      return status.status === 'running' ? null : status;
    },
    `import ${id} to finish`,
    { timeoutMs },
  );
}

/** Answers identity's one-user grant query with "no grant", as identity would for a plain member. */
export function answerNoGrant(nc: NatsConnection): Subscription {
  // Replies the way a Nest NATS server does: the request's packet id and the response.
  return nc.subscribe(rpcSubject(identityRpc.grant.subject), {
    callback: (_err, msg) => {
      const { id } = msg.json<{ id: string }>();

      msg.respond(JSON.stringify({ id, response: { grant: null }, isDisposed: true }));
    },
  });
}
