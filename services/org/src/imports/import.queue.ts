import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QUEUES, queuePrefix } from '@rivet/contracts';
import { acrossTenants } from '@rivet/database';
import { CONFIG, LOGGER, REDIS } from '@rivet/platform';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { OrgConfig } from '../config';
import { ImportRepository } from './import.repository';
import { ImportRunner } from './import.runner';

interface ImportJobData {
  importId: string;
}

const ATTEMPTS = 3;

/**
 * The import queue and its worker. A job carries only the import id: the CSV
 * and the progress live in Postgres, and imports still running at start-up
 * are queued again, so losing Redis loses no import.
 */
@Injectable()
export class ImportQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly queue: Queue<ImportJobData>;
  private worker: Worker<ImportJobData> | null = null;
  private workerConnection: Redis | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: OrgConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly imports: ImportRepository,
    private readonly runner: ImportRunner,
  ) {
    this.queue = new Queue<ImportJobData>(QUEUES.orgImport, {
      connection: redis,
      prefix: queuePrefix(),
    });
  }

  async enqueue(importId: string): Promise<void> {
    await this.queue.add(
      'import',
      { importId },
      {
        jobId: importId,
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.workerConnection = this.redis.duplicate();
    this.worker = new Worker<ImportJobData>(
      QUEUES.orgImport,
      (job: Job<ImportJobData>) => this.runner.run(job.data.importId),
      {
        connection: this.workerConnection,
        prefix: queuePrefix(),
        concurrency: this.config.IMPORT_CONCURRENCY,
      },
    );
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    this.worker.on('error', (err) => this.logger.warn({ err }, 'import worker error'));
    const running = await acrossTenants(this.dataSource, (m) => this.imports.runningIds(m));

    for (const id of running) {
      await this.enqueue(id);
    }
    if (running.length > 0) {
      this.logger.info({ imports: running.length }, 'running imports queued again');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.workerConnection?.quit().catch(() => undefined);
  }

  private async onFailed(job: Job<ImportJobData> | undefined, err: Error): Promise<void> {
    if (!job) {
      return;
    }
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);

    this.logger.warn(
      { err, importId: job.data.importId, attempt: job.attemptsMade, final },
      final ? 'import failed' : 'import attempt failed; retrying',
    );
    if (final) {
      await this.runner
        .fail(job.data.importId)
        .catch((e: unknown) =>
          this.logger.error(
            { err: e, importId: job.data.importId },
            'could not mark import failed',
          ),
        );
    }
  }
}
