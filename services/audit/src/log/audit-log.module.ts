import { Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventHandler } from './audit-event.handler';
import { AuditEventRepository } from './audit-event.repository';
import { AuditIngestConsumer } from './audit-ingest.consumer';
import { AuditLogWriter } from './audit-log.writer';

/** The hash-chained audit log: ingest from the event stream, search, verification. */
@Module({
  controllers: [AuditEventHandler],
  providers: [AuditEventRepository, AuditChainVerifier, AuditLogWriter, AuditIngestConsumer],
})
export class AuditLogModule {}
