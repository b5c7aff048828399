import { DynamicModule, Module } from '@nestjs/common';
import { BusModule } from '@rivet/bus';
import { DatabaseModule } from '@rivet/database';
import { PlatformModule } from '@rivet/platform';
import type { Logger } from 'pino';
import { OrgConfig } from './config';
import { database } from './database';

@Module({})
export class AppModule {
  static register(config: OrgConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'org', config, logger }),
        DatabaseModule.forService(database),
        BusModule.forRoot({ service: 'org', outbox: true, consumers: [] }),
      ],
    };
  }
}
