import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@rivet/bus';
import {
  IMPORT_MAX_CSV_LENGTH,
  ImportStatus,
  orgRpc,
  RequestContext,
  RivetError,
  RpcParsedInput,
  uploadKey,
} from '@rivet/contracts';
import { REDIS } from '@rivet/platform';
import { Redis } from 'ioredis';
import { CsvSyntaxError, planColumns, readCsv } from './csv-mapping';
import { ImportQueue } from './import.queue';
import { ImportRepository } from './import.repository';

type StartInput = RpcParsedInput<typeof orgRpc.startImport>;

@Injectable()
export class ImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly imports: ImportRepository,
    private readonly queue: ImportQueue,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Checks the whole CSV and the mapping now, stores the import and queues it. */
  async start(tenantId: string, ctx: RequestContext, input: StartInput): Promise<{ id: string }> {
    const csv = await this.csvOf(input);
    let header: string[];

    // The whole file is parsed now, so that one which cannot be read is refused here
    // rather than accepted and failed later by the worker.
    try {
      header = readCsv(csv).header;
    } catch (err) {
      if (err instanceof CsvSyntaxError) {
        throw RivetError.validation([{ field: 'csv', message: err.message }]);
      }
      throw err;
    }
    const { errors } = planColumns(input.kind, header, input.mapping);

    if (errors.length > 0) {
      throw RivetError.validation(errors);
    }
    const id = randomUUID();

    await this.uow.run(tenantId, (tx) =>
      this.imports.insert(tx, {
        id,
        kind: input.kind,
        dryRun: input.dryRun,
        csv,
        mapping: input.mapping,
        defaults: input.defaults,
        actor: ctx.actor,
      }),
    );
    await this.queue.enqueue(id);

    return { id };
  }

  async get(tenantId: string, id: string): Promise<ImportStatus> {
    const status = await this.uow.run(tenantId, (tx) => this.imports.status(tx, id));

    if (!status) {
      throw RivetError.notFound('import');
    }

    return status;
  }

  /**
   * The CSV text: given inline, or parked in Redis by the gateway when too
   * large for one bus message. A parked upload is taken with GETDEL, so it is
   * imported once however often the request is repeated.
   */
  private async csvOf(input: StartInput): Promise<string> {
    if (input.csv !== undefined) {
      return input.csv;
    }
    if (input.csvRef === undefined) {
      // The contract refuses this already; kept so the type narrows without a cast.
      throw RivetError.validation([{ field: 'csv', message: 'required: the CSV text' }]);
    }
    const csv = await this.redis.getdel(uploadKey(input.csvRef));

    if (csv === null) {
      throw RivetError.validation([
        { field: 'csvRef', message: 'the upload has expired or was already used' },
      ]);
    }
    // The same bounds as an inline CSV.
    if (csv.length === 0 || csv.length > IMPORT_MAX_CSV_LENGTH) {
      throw RivetError.validation([
        {
          field: 'csvRef',
          message: `the upload must hold 1 to ${IMPORT_MAX_CSV_LENGTH} characters of CSV`,
        },
      ]);
    }

    return csv;
  }
}
