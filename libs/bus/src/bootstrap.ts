import { CanActivate, DynamicModule, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseConfig, describeConfig, Metrics, stopWithParent } from '@rivet/platform';
import type { Logger } from 'pino';
import { natsOptions } from './nats';
import { PinoNestLogger } from './nest-logger';
import { RpcInterceptor } from './rpc.interceptor';

export interface ServiceBootOptions {
  service: string;
  module: DynamicModule;
  config: BaseConfig;
  logger: Logger;
  /** Port of the health and metrics endpoints. */
  httpPort: number;
  httpHost?: string;
  /** Guards of every command and query (the permission check), resolved from the module. */
  rpcGuards?: Type<CanActivate>[];
}

/**
 * Starts a back-end service: its request/reply handlers on NATS (in a queue
 * group named after the service, so replicas share the load) and a small
 * HTTP listener for `/healthz`, `/readyz` and `/metrics`.
 */
export async function bootstrapService(
  options: ServiceBootOptions,
): Promise<NestFastifyApplication> {
  const { service, logger, config } = options;

  logger.info({ config: describeConfig(config) }, 'starting');
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({ logger: false }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );

  // Before connecting: the transport binds its handlers, with the global
  // guards and interceptors of that moment, as soon as it is connected.
  app.useGlobalGuards(...(options.rpcGuards ?? []).map((guard) => app.get(guard)));
  app.useGlobalInterceptors(new RpcInterceptor(app.get(Reflector), logger, app.get(Metrics)));
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { ...natsOptions(config, `${service}-handlers`), queue: service },
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(options.httpPort, options.httpHost ?? config.HTTP_HOST);
  stopWithParent(logger, () => app.close());
  logger.info({ httpPort: options.httpPort }, 'ready');

  return app;
}

/** Logs a start-up failure and exits, so a supervisor sees it. */
export function exitOnStartupFailure(logger: Logger): (err: unknown) => never {
  return (err: unknown) => {
    logger.fatal({ err }, 'start-up failed');
    process.exit(1);
  };
}
