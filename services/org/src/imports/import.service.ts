import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@rivet/bus';
import { ImportStatus, orgRpc, RequestContext, RivetError, RpcParsedInput } from '@rivet/contracts';
import { planColumns, readHeader } from './csv-mapping';
import { ImportQueue } from './import.queue';
import { ImportRepository } from './import.repository';

type StartInput = RpcParsedInput<typeof orgRpc.startImport>;

@Injectable()
export class ImportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly imports: ImportRepository,
    private readonly queue: ImportQueue,
  ) {}

  /** Checks the header and mapping now, stores the import and queues it. */
  async start(tenantId: string, ctx: RequestContext, input: StartInput): Promise<{ id: string }> {
    let header: string[];

    try {
      header = readHeader(input.csv);
    } catch (err) {
      throw RivetError.validation([
        { field: 'csv', message: `is not readable CSV: ${(err as Error).message}` },
      ]);
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
        csv: input.csv,
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
}
