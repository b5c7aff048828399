import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig, CONFIG, LOGGER, ReadinessRegistry } from '@rivet/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { openDatabase, ServiceDatabase } from './data-source';

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}

/**
 * The service's data source, connected and migrated before the application
 * starts. `DATABASE_SCHEMA` overrides the declared schema.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forService(db: ServiceDatabase): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [CONFIG, LOGGER, ReadinessRegistry],
          useFactory: async (config: BaseConfig, logger: Logger, readiness: ReadinessRegistry) => {
            const schema = config.DATABASE_SCHEMA ?? db.schema;
            const started = Date.now();
            const { dataSource, applied } = await openDatabase(db, {
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              schema,
            });

            logger.info({ schema, applied, ms: Date.now() - started }, 'database ready');
            readiness.register({
              name: 'postgres',
              check: async () => void (await dataSource.query('SELECT 1')),
            });

            return dataSource;
          },
        },
        DataSourceCloser,
      ],
      exports: [DataSource],
    };
  }
}
