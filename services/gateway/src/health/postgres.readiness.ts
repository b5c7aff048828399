import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CONFIG, LOGGER, ReadinessRegistry } from '@rivet/platform';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { GatewayConfig } from '../config';

/**
 * The gateway keeps no data, but its readiness promises a reachable Postgres
 * (the services behind it need one): one pooled connection answers `SELECT 1`.
 */
@Injectable()
export class PostgresReadiness implements OnModuleInit, OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 30_000,
    });
    this.pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres probe error'));
  }

  onModuleInit(): void {
    this.readiness.register({
      name: 'postgres',
      check: async () => void (await this.pool.query('SELECT 1')),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
