import { DynamicModule, Module } from '@nestjs/common';
import { PolicyModule } from '@rivet/auth';
import { BusModule } from '@rivet/bus';
import { DatabaseModule } from '@rivet/database';
import { PlatformModule } from '@rivet/platform';
import type { Logger } from 'pino';
import { AuditConfig } from './config';
import { database } from './database';
import { AuditIngestConsumer } from './log/audit-ingest.consumer';
import { AuditLogModule } from './log/audit-log.module';

@Module({})
export class AppModule {
  static register(config: AuditConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Audit keeps nothing in Redis.
        PlatformModule.forRoot({ service: 'audit', config, logger, redis: false }),
        DatabaseModule.forService(database),
        BusModule.forRoot({ service: 'audit', outbox: false, consumers: [AuditIngestConsumer] }),
        PolicyModule.forRoot({ service: 'audit' }),
        AuditLogModule,
      ],
    };
  }
}
