import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DynamicModule } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BusClient, natsOptions, PinoNestLogger, RpcInterceptor } from '@rivet/bus';
import { RequestContext } from '@rivet/contracts';
import { BaseConfig, createLogger, loadConfig, Metrics } from '@rivet/platform';
import type { Logger } from 'pino';
import { sql, testServers, uniqueName } from '@rivet/testing';
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

export async function startOrg(): Promise<OrgTestApp> {
  const schema = uniqueName('t_org').toLowerCase();

  process.env.DATABASE_SCHEMA = schema;
  const config = loadConfig(orgConfigSchema, {
    ...process.env,
    DATABASE_URL: testServers.databaseUrl,
    REDIS_URL: testServers.redisUrl,
    NATS_URL: testServers.natsUrl,
  });
  const logger = createLogger('org', process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn');
  const app = await bootServiceForTest(AppModule.register(config, logger), config, logger);
  const proxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: testServers.natsUrl },
  });
  const client = new BusClient(proxy, 10_000);

  return {
    app,
    client,
    schema,
    close: async () => {
      await client.close();
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

/**
 * bootstrapService from @rivet/bus, with the interceptor registered before the
 * microservice connects: Nest builds the RPC handler contexts in
 * connectMicroservice, so an interceptor added afterwards never runs there.
 * TODO(org): use bootstrapService again once the library registers it first.
 */
async function bootServiceForTest(
  module: DynamicModule,
  config: BaseConfig,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ logger: false }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );

  app.useGlobalInterceptors(new RpcInterceptor(app.get(Reflector), logger, app.get(Metrics)));
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { ...natsOptions(config, 'org-handlers'), queue: 'org' },
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');

  return app;
}
