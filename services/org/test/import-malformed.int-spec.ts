import { UnitOfWork } from '@rivet/bus';
import { orgRpc, RivetError } from '@rivet/contracts';
import { randomUUID } from 'node:crypto';
import { ImportQueue } from '../src/imports/import.queue';
import { ImportRepository } from '../src/imports/import.repository';
import { importFinished, OrgTestApp, startOrg, userContext } from './org-test-app';

const BROKEN = 'externalId,name\nQ3,"broken\nQ4,ok\n';

describe('org imports of CSV that does not parse', () => {
  let org: OrgTestApp;
  const ctx = userContext();

  beforeAll(async () => {
    org = await startOrg();
  }, 60_000);

  afterAll(async () => {
    await org?.close();
  });

  it('refuses an unclosed quote when the import starts', async () => {
    const error = await org.client
      .request(orgRpc.startImport, ctx, { kind: 'departments', csv: BROKEN })
      .then(
        () => null,
        (err: unknown) => err as RivetError,
      );

    expect(error?.code).toBe('validation_failed');
    expect(error?.extra.errors).toEqual([
      { field: 'csv', message: expect.stringMatching(/quote.*line 3/i) as unknown },
    ]);
  });

  it('finishes an import failed, with the reason, when the worker meets a CSV that does not parse', async () => {
    // Stored past the start-up check (as an import from before the check would be).
    const id = randomUUID();
    const uow = org.app.get(UnitOfWork);

    await uow.run(ctx.tenantId!, (tx) =>
      org.app.get(ImportRepository).insert(tx, {
        id,
        kind: 'departments',
        dryRun: false,
        csv: BROKEN,
        mapping: {},
        defaults: {},
        actor: ctx.actor,
      }),
    );
    await org.app.get(ImportQueue).enqueue(id);

    const status = await importFinished(org, ctx, id);

    expect(status).toMatchObject({ status: 'failed', done: 0 });
    expect(status.errors).toEqual([
      { line: 3, code: 'invalid_csv', detail: expect.stringMatching(/quote.*line 3/i) as unknown },
    ]);
  });
});
