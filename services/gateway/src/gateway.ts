import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoNestLogger } from '@rivet/bus';
import { describeConfig, Metrics, stopWithParent } from '@rivet/platform';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { GatewayConfig } from './config';
import { installHttpHooks, installJsonParser } from './http/http-hooks';
import { ProblemFilter } from './http/problem.filter';
import { requestIdFrom } from './http/request-context';
import { setupOpenApi } from './openapi/openapi';

/** Largest request body: imports carry whole CSV files inside JSON. */
export const BODY_LIMIT_BYTES = 80 * 1024 * 1024;

/** Builds the gateway application, ready to listen (routes, docs, hooks, error mapping). */
export async function createGateway(
  config: GatewayConfig,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // TODO(gateway): move to Fastify's logController once the adapter's Fastify and ours agree;
    // its LogController must come from the adapter's own copy, so it cannot be built here yet.
    disableRequestLogging: true,
    requestIdLogLabel: 'requestId',
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']) ?? randomUUID(),
    trustProxy: config.RIVET_TRUSTED_PROXIES.length > 0 ? config.RIVET_TRUSTED_PROXIES : false,
    bodyLimit: BODY_LIMIT_BYTES,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, logger),
    adapter,
    // Our own JSON parser (installJsonParser) replaces Nest's.
    { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false },
  );

  // The Nest adapter bundles its own copy of Fastify; the instance is the same shape.
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  installHttpHooks(fastify, app.get(Metrics));
  installJsonParser(fastify);
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks();
  setupOpenApi(app, fastify);

  return app;
}

/** Creates the gateway and listens on the configured port (0 picks a free one). */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
): Promise<NestFastifyApplication> {
  logger.info({ config: describeConfig(config) }, 'starting');
  const app = await createGateway(config, logger);

  await app.listen(config.PORT, config.HOST);
  stopWithParent(logger, () => app.close());
  logger.info({ url: await app.getUrl() }, 'ready');

  return app;
}
