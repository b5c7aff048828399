import { DynamicModule, Module } from '@nestjs/common';
import { BusModule } from '@rivet/bus';
import { DatabaseModule } from '@rivet/database';
import { PlatformModule } from '@rivet/platform';
import type { Logger } from 'pino';
import { AccountsModule } from './accounts/accounts.module';
import { IdentityConfig } from './config';
import { database } from './database';
import { EnterprisesModule } from './enterprises/enterprises.module';
import { GrantsModule } from './grants/grants.module';
import { KeysModule } from './keys/keys.module';
import { MeModule } from './me/me.module';
import { MemberEventsConsumer } from './members/member-events.consumer';
import { MembersModule } from './members/members.module';
import { SessionsModule } from './sessions/sessions.module';

@Module({})
export class AppModule {
  static register(config: IdentityConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'identity', config, logger }),
        DatabaseModule.forService(database),
        BusModule.forRoot({ service: 'identity', outbox: true, consumers: [MemberEventsConsumer] }),
        KeysModule,
        AccountsModule,
        GrantsModule,
        EnterprisesModule,
        SessionsModule,
        MeModule,
        MembersModule,
      ],
    };
  }
}
