import { DynamicModule, Module } from '@nestjs/common';
import { PolicyModule } from '@rivet/auth';
import { BusModule } from '@rivet/bus';
import { DatabaseModule } from '@rivet/database';
import { PlatformModule } from '@rivet/platform';
import type { Logger } from 'pino';
import { OrgConfig } from './config';
import { database } from './database';
import { DepartmentHandler } from './departments/department.handler';
import { DepartmentRepository } from './departments/department.repository';
import { DepartmentService } from './departments/department.service';
import { EnterpriseSetupConsumer } from './enterprise/enterprise-setup.consumer';
import { DepartmentImportWriter } from './imports/department-import.writer';
import { ImportHandler } from './imports/import.handler';
import { ImportQueue } from './imports/import.queue';
import { ImportRepository } from './imports/import.repository';
import { ImportRunner } from './imports/import.runner';
import { ImportService } from './imports/import.service';
import { MemberImportWriter } from './imports/member-import.writer';
import { ReferenceResolver } from './imports/reference-resolver';
import { MemberHandler } from './members/member.handler';
import { MemberRepository } from './members/member.repository';
import { MemberService } from './members/member.service';

@Module({})
export class AppModule {
  static register(config: OrgConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'org', config, logger }),
        DatabaseModule.forService(database),
        BusModule.forRoot({ service: 'org', outbox: true, consumers: [EnterpriseSetupConsumer] }),
        PolicyModule.forRoot({ service: 'org' }),
      ],
      controllers: [DepartmentHandler, MemberHandler, ImportHandler],
      providers: [
        DepartmentRepository,
        DepartmentService,
        MemberRepository,
        MemberService,
        EnterpriseSetupConsumer,
        ImportRepository,
        DepartmentImportWriter,
        MemberImportWriter,
        ReferenceResolver,
        ImportRunner,
        ImportQueue,
        ImportService,
      ],
    };
  }
}
