import {
  DynamicModule,
  Global,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Envelope } from '@rivet/contracts';
import { BaseConfig, CONFIG, LOGGER, Metrics, ReadinessRegistry } from '@rivet/platform';
import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BusClient } from './bus-client';
import { DurableConsumer } from './durable-consumer';
import { ensureEventStream } from './event-stream';
import { connectNats, natsOptions } from './nats';
import { OutboxRelay } from './outbox-relay';
import { EVENT_STREAM, JETSTREAM, JETSTREAM_MANAGER, NATS_CONNECTION } from './tokens';
import { UnitOfWork } from './unit-of-work';

/** A class that handles domain events; registered with {@link BusModule.forRoot}. */
export interface EventConsumer {
  /** Durable consumer name, e.g. `audit-ingest`. */
  readonly durable: string;
  /** Event name or wildcard: `org.member.*`, `identity.enterprise.created`, `>`. */
  readonly filter: string;
  readonly batchSize?: number;
  /** Must be idempotent: a crash between handling and acking redelivers the batch. */
  handle(events: Envelope[]): Promise<void>;
}

export interface BusOptions {
  service: string;
  /** Whether the service writes events through an outbox (needs a database). */
  outbox: boolean;
  consumers?: Type<EventConsumer>[];
}

class BusLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running: DurableConsumer[] = [];

  constructor(
    private readonly options: BusOptions,
    private readonly moduleRef: ModuleRef,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly relay: OutboxRelay | null,
    private readonly client: BusClient,
    private readonly ackWaitMs: number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay?.start();
    for (const type of this.options.consumers ?? []) {
      const consumer = this.moduleRef.get(type, { strict: false });
      const durable = new DurableConsumer(
        this.js,
        this.jsm,
        this.stream,
        {
          durable: consumer.durable,
          filter: consumer.filter,
          batchSize: consumer.batchSize,
          ackWaitMs: this.ackWaitMs,
          handle: (events) => consumer.handle(events),
        },
        this.logger,
        {
          onHandled: (name, count, outcome) =>
            this.metrics.eventsConsumed.inc({ consumer: name, outcome }, count),
        },
      );

      await durable.start();
      this.running.push(durable);
      this.logger.info({ durable: consumer.durable, filter: consumer.filter }, 'consumer started');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.running.map((c) => c.stop()));
    await this.relay?.stop();
    await this.client.close();
    await this.nc.drain().catch(() => undefined);
  }
}

/**
 * The NATS side of a service: the request/reply client, the event stream,
 * the outbox relay and the durable consumers, started after the application
 * is up and stopped before its connections close.
 */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    const providers = [
      {
        provide: NATS_CONNECTION,
        inject: [CONFIG, LOGGER, ReadinessRegistry],
        useFactory: async (config: BaseConfig, logger: Logger, readiness: ReadinessRegistry) => {
          const nc = await connectNats(config, `${options.service}-events`);

          readiness.register({
            name: 'nats',
            check: async () => {
              if (nc.isClosed()) {
                throw new Error('connection closed');
              }
              await nc.flush();
            },
          });
          void (async () => {
            for await (const status of nc.status()) {
              logger.info({ type: status.type, data: status.data }, 'nats status');
            }
          })();

          return nc;
        },
      },
      {
        provide: JETSTREAM,
        inject: [NATS_CONNECTION],
        useFactory: (nc: NatsConnection) => nc.jetstream(),
      },
      {
        provide: JETSTREAM_MANAGER,
        inject: [NATS_CONNECTION],
        useFactory: (nc: NatsConnection) => nc.jetstreamManager(),
      },
      {
        provide: EVENT_STREAM,
        inject: [JETSTREAM_MANAGER],
        useFactory: (jsm: JetStreamManager) => ensureEventStream(jsm),
      },
      {
        provide: BusClient,
        inject: [CONFIG],
        useFactory: async (config: BaseConfig) => {
          const proxy = ClientProxyFactory.create({
            transport: Transport.NATS,
            options: natsOptions(config, `${options.service}-rpc`),
          });

          await proxy.connect();

          return new BusClient(proxy, config.RIVET_RPC_TIMEOUT_MS);
        },
      },
      {
        provide: OutboxRelay,
        inject: options.outbox ? [DataSource, JETSTREAM, LOGGER, Metrics] : [],
        useFactory: (
          dataSource?: DataSource,
          js?: JetStreamClient,
          logger?: Logger,
          metrics?: Metrics,
        ) =>
          options.outbox && dataSource && js && logger && metrics
            ? new OutboxRelay(dataSource, js, logger.child({ component: 'outbox-relay' }), {
                onPending: (n) => metrics.outboxPending.set(n),
                onPublished: (n) => metrics.outboxPublished.inc(n),
              })
            : null,
      },
      {
        provide: BusLifecycle,
        inject: [
          ModuleRef,
          NATS_CONNECTION,
          JETSTREAM,
          JETSTREAM_MANAGER,
          EVENT_STREAM,
          LOGGER,
          Metrics,
          OutboxRelay,
          BusClient,
          CONFIG,
        ],
        useFactory: (
          moduleRef: ModuleRef,
          nc: NatsConnection,
          js: JetStreamClient,
          jsm: JetStreamManager,
          stream: string,
          logger: Logger,
          metrics: Metrics,
          relay: OutboxRelay | null,
          client: BusClient,
          config: BaseConfig,
        ) =>
          new BusLifecycle(
            options,
            moduleRef,
            nc,
            js,
            jsm,
            stream,
            logger,
            metrics,
            relay,
            client,
            config.RIVET_EVENT_ACK_WAIT_MS,
          ),
      },
      ...(options.outbox ? [UnitOfWork] : []),
    ];

    return {
      module: BusModule,
      providers,
      exports: [
        NATS_CONNECTION,
        JETSTREAM,
        JETSTREAM_MANAGER,
        EVENT_STREAM,
        BusClient,
        OutboxRelay,
        ...(options.outbox ? [UnitOfWork] : []),
      ],
    };
  }
}
