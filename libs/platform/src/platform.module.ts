import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BaseConfig } from './config';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { ReadinessRegistry } from './readiness';
import { CONFIG, LOGGER, REDIS, SERVICE_NAME } from './tokens';

export interface PlatformOptions {
  service: string;
  config: BaseConfig;
  logger: Logger;
  /** Whether this process talks to Redis (and so reports it in readiness). Default true. */
  redis?: boolean;
}

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/**
 * What every Rivet process has: validated configuration, the logger, metrics,
 * a Redis connection, and the health and metrics endpoints.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const readiness = new ReadinessRegistry();
    let redis: Redis | null = null;

    if (options.redis !== false) {
      redis = new Redis(options.config.REDIS_URL, {
        maxRetriesPerRequest: null,
        lazyConnect: false,
      });
      redis.on('error', (err) =>
        options.logger.warn({ err: err.message }, 'redis connection error'),
      );
      readiness.register({ name: 'redis', check: async () => void (await redis?.ping()) });
    }

    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: REDIS, useValue: redis },
        { provide: ReadinessRegistry, useValue: readiness },
        { provide: Metrics, useValue: new Metrics(options.service) },
        RedisCloser,
      ],
      exports: [SERVICE_NAME, CONFIG, LOGGER, REDIS, ReadinessRegistry, Metrics],
    };
  }
}
