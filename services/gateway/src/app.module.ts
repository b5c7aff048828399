import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, AuthenticatedRequest, PolicyModule } from '@rivet/auth';
import { BusModule } from '@rivet/bus';
import { PlatformModule } from '@rivet/platform';
import type { Logger } from 'pino';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { GatewayConfig } from './config';
import { DepartmentsController } from './departments/departments.controller';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { PostgresReadiness } from './health/postgres.readiness';
import { contextOf } from './http/request-context';
import { ImportsController } from './imports/imports.controller';
import { JwksController } from './keys/jwks.controller';
import { MeController } from './me/me.controller';
import { MembersController } from './members/members.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    const platform = PlatformModule.forRoot({ service: 'gateway', config, logger });

    return {
      module: AppModule,
      imports: [
        platform,
        BusModule.forRoot({ service: 'gateway', outbox: false }),
        PolicyModule.forRoot({
          service: 'gateway',
          // The health endpoints come from the platform library, which knows nothing of tokens.
          publicControllers: platform.controllers ?? [],
          contextOf: (request: AuthenticatedRequest) => contextOf(request),
        }),
      ],
      controllers: [
        EnterprisesController,
        AuthController,
        MeController,
        DepartmentsController,
        MembersController,
        ImportsController,
        AuditController,
        JwksController,
      ],
      providers: [PostgresReadiness, { provide: APP_GUARD, useExisting: AccessGuard }],
    };
  }
}
