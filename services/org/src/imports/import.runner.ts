import { Inject, Injectable } from '@nestjs/common';
import { EventfulTx, UnitOfWork } from '@rivet/bus';
import { Actor, orgEvents } from '@rivet/contracts';
import { acrossTenants } from '@rivet/database';
import { LOGGER } from '@rivet/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  departmentEventData,
  DepartmentRepository,
  toDepartment,
} from '../departments/department.repository';
import { memberEventData, MemberRepository, toMember } from '../members/member.repository';
import { BatchOutcome } from './batch-outcome';
import {
  checkDepartmentRow,
  checkMemberRow,
  ColumnPlan,
  CsvRecord,
  CsvSyntaxError,
  DepartmentImportRow,
  MemberImportRow,
  planColumns,
  readCsv,
} from './csv-mapping';
import { DepartmentImportWriter } from './department-import.writer';
import { ImportLineError } from './import.entity';
import { ImportJob, ImportRepository } from './import.repository';
import { MemberImportWriter } from './member-import.writer';
import { ReferenceResolver } from './reference-resolver';

/** Rows written per transaction. */
export const IMPORT_BATCH_SIZE = 500;

/**
 * Runs one import job: parses the stored CSV and writes it in batches, each
 * batch with its progress in one transaction, so a job that is retried after
 * a crash resumes after the last committed batch.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly imports: ImportRepository,
    private readonly departmentWriter: DepartmentImportWriter,
    private readonly memberWriter: MemberImportWriter,
    private readonly resolver: ReferenceResolver,
    private readonly departments: DepartmentRepository,
    private readonly members: MemberRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(importId: string): Promise<void> {
    const job = await acrossTenants(this.dataSource, (m) => this.imports.findJob(m, importId));

    if (!job || job.status !== 'running') {
      return;
    }
    const started = Date.now();
    const log = this.logger.child({ tenantId: job.tenantId, importId, kind: job.kind });
    let parsed: ReturnType<typeof readCsv>;

    try {
      parsed = readCsv(job.csv);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) {
        throw err;
      }
      // The CSV was parsed when the import started; should it not parse now, another
      // attempt would fail the same way: finish it with the reason instead.
      log.warn({ line: err.line, detail: err.message }, 'import CSV does not parse');
      await this.uow.run(job.tenantId, (tx) =>
        this.imports.addProgress(tx, job.id, {
          done: 0,
          failed: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          errors: [{ line: err.line, code: 'invalid_csv', detail: err.message }],
        }),
      );
      await this.finish(job, 'failed');

      return;
    }
    const { header, records } = parsed;
    const { plan, errors } = planColumns(job.kind, header, job.mapping);

    if (errors.length > 0) {
      // Checked when the import started; only a changed mapping rule can land here.
      log.warn({ errors }, 'import mapping no longer valid');
      await this.finish(job, 'failed');

      return;
    }
    const present = new Set(plan.keys());
    const seen = new Seen();
    const skip = job.done + job.failed;

    await this.uow.run(job.tenantId, (tx) => this.imports.setTotal(tx, job.id, records.length));
    // A resumed job re-reads the rows already done, so that duplicates still count as such.
    this.check(job, plan, records.slice(0, skip), seen);
    for (let at = skip; at < records.length; at += IMPORT_BATCH_SIZE) {
      const batch = records.slice(at, at + IMPORT_BATCH_SIZE);
      const { rows, errors: lineErrors } = this.check(job, plan, batch, seen);

      await this.uow.run(job.tenantId, async (tx) => {
        const departments = new BatchOutcome();
        const members = new BatchOutcome();
        const outcome = job.kind === 'departments' ? departments : members;

        const t0 = Date.now();

        if ((at - skip) % (IMPORT_BATCH_SIZE * 8) === IMPORT_BATCH_SIZE) {
          // A large import grows the tables many times over while it runs; without fresh
          // statistics the planner keeps choosing sequential scans made for a small table.
          await tx.manager.query('ANALYZE members, departments, member_departments');
        }

        if (job.kind === 'departments') {
          await this.departmentWriter.write(
            tx,
            rows as DepartmentImportRow[],
            present,
            job.dryRun,
            departments,
          );
        } else {
          await this.memberWriter.write(
            tx,
            rows as MemberImportRow[],
            present,
            job.dryRun,
            members,
          );
        }
        const t1 = Date.now();

        if (!job.dryRun) {
          const written = rows as MemberImportRow[];

          await this.resolver.resolve(
            tx,
            job.kind === 'departments'
              ? { memberIds: null, memberExternalIds: null }
              : {
                  memberIds: [...members.created, ...members.updated.keys()],
                  memberExternalIds: written.flatMap((r) => (r.externalId ? [r.externalId] : [])),
                },
            departments,
            members,
          );
        }
        const t2 = Date.now();

        if (!job.dryRun) {
          await this.emit(tx, job.actor, departments, members);
        }
        log.debug(
          { at, rows: batch.length, writeMs: t1 - t0, resolveMs: t2 - t1, emitMs: Date.now() - t2 },
          'import batch',
        );
        const failed = lineErrors.length + outcome.errors.length;

        await this.imports.addProgress(tx, job.id, {
          done: batch.length - failed,
          failed,
          created: outcome.rowsCreated,
          updated: outcome.rowsUpdated,
          unchanged: outcome.unchanged,
          errors: [...lineErrors, ...outcome.errors].sort((a, b) => a.line - b.line),
        });
      });
    }
    const status = await this.finish(job, 'done');

    log.info({ rows: records.length, ms: Date.now() - started, ...status }, 'import finished');
  }

  /** Marks an import failed after its last attempt; emits importFinished. */
  async fail(importId: string): Promise<void> {
    const job = await acrossTenants(this.dataSource, (m) => this.imports.findJob(m, importId));

    if (job && job.status === 'running') {
      await this.finish(job, 'failed');
    }
  }

  private async finish(job: ImportJob, status: 'done' | 'failed') {
    return this.uow.run(job.tenantId, async (tx) => {
      const final = await this.imports.finish(tx, job.id, status);

      if (final) {
        tx.events.emit(orgEvents.importFinished, {
          tenantId: job.tenantId,
          actor: job.actor,
          subject: { type: 'import', id: job.id, name: job.kind },
          data: final,
        });
      }

      return final
        ? { created: final.created, updated: final.updated, failed: final.failed }
        : null;
    });
  }

  /** Validates rows and drops repeats of an external id or email seen earlier in the file. */
  private check(
    job: ImportJob,
    plan: ColumnPlan,
    records: CsvRecord[],
    seen: Seen,
  ): { rows: (DepartmentImportRow | MemberImportRow)[]; errors: ImportLineError[] } {
    const rows: (DepartmentImportRow | MemberImportRow)[] = [];
    const errors: ImportLineError[] = [];

    for (const record of records) {
      const checked =
        job.kind === 'departments'
          ? checkDepartmentRow(plan, record)
          : checkMemberRow(plan, record, job.defaults.emailDomain);

      if (checked.error) {
        errors.push(checked.error);
        continue;
      }
      const row = checked.row;
      const repeat = seen.repeat(row);

      if (repeat) {
        errors.push({ line: row.line, code: repeat.code, detail: repeat.detail });
        continue;
      }
      rows.push(row);
    }

    return { rows, errors };
  }

  /** Events for everything the batch changed, with the state after references resolved. */
  private async emit(
    tx: EventfulTx,
    actor: Actor,
    departments: BatchOutcome,
    members: BatchOutcome,
  ): Promise<void> {
    const departmentIds = [...departments.created, ...departments.updated.keys()];
    const memberIds = [...members.created, ...members.updated.keys()];

    for (const row of await this.departments.findByIds(tx, departmentIds)) {
      const department = toDepartment(row);
      const subject = { type: 'department', id: department.id, name: department.name };
      const changed = departments.updated.get(department.id);

      if (changed) {
        tx.events.emit(orgEvents.departmentUpdated, {
          tenantId: tx.tenantId,
          actor,
          subject,
          data: { ...departmentEventData(department), changed: [...changed] },
        });
      } else {
        tx.events.emit(orgEvents.departmentCreated, {
          tenantId: tx.tenantId,
          actor,
          subject,
          data: departmentEventData(department),
        });
      }
    }
    for (const row of await this.members.findByIds(tx, memberIds)) {
      const member = toMember(row);
      const subject = { type: 'member', id: member.id, name: member.name };
      const changed = members.updated.get(member.id);

      if (changed) {
        tx.events.emit(orgEvents.memberUpdated, {
          tenantId: tx.tenantId,
          actor,
          subject,
          data: { ...memberEventData(member), changed: [...changed] },
        });
      } else {
        tx.events.emit(orgEvents.memberCreated, {
          tenantId: tx.tenantId,
          actor,
          subject,
          data: memberEventData(member),
        });
      }
    }
  }
}

/** External ids and emails met so far in one file. */
class Seen {
  private readonly externalIds = new Set<string>();
  private readonly emails = new Set<string>();

  repeat(row: DepartmentImportRow | MemberImportRow): { code: string; detail: string } | null {
    if (row.externalId !== null) {
      if (this.externalIds.has(row.externalId)) {
        return {
          code: 'duplicate_external_id',
          detail: `external id ${row.externalId} appears earlier in the file`,
        };
      }
    }
    if ('email' in row && this.emails.has(row.email)) {
      return { code: 'duplicate_email', detail: `${row.email} appears earlier in the file` };
    }
    if (row.externalId !== null) {
      this.externalIds.add(row.externalId);
    }
    if ('email' in row) {
      this.emails.add(row.email);
    }

    return null;
  }
}
