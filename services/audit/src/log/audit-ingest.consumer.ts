import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer } from '@rivet/bus';
import { Envelope } from '@rivet/contracts';
import { LOGGER } from '@rivet/platform';
import type { Logger } from 'pino';
import { AuditLogWriter } from './audit-log.writer';

/** Records every domain event of every service in the audit log. */
@Injectable()
export class AuditIngestConsumer implements EventConsumer {
  readonly durable = 'audit-ingest';
  readonly filter = '>';
  readonly batchSize = 500;

  constructor(
    private readonly writer: AuditLogWriter,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(events: Envelope[]): Promise<void> {
    const started = Date.now();
    const { recorded, duplicates } = await this.writer.append(events);

    this.logger.debug(
      {
        durable: this.durable,
        received: events.length,
        recorded,
        duplicates,
        ms: Date.now() - started,
      },
      'audit batch recorded',
    );
  }
}
