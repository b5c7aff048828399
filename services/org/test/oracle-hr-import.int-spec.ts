import { ImportStatus, Member, orgRpc } from '@rivet/contracts';
import {
  ORACLE_HR_DEPARTMENT_MAPPING,
  ORACLE_HR_MEMBER_MAPPING,
  oracleHrAvailable,
  oracleHrFile,
  sql,
  waitFor,
} from '@rivet/testing';
import { OrgTestApp, startOrg, userContext } from './org-test-app';

const describeData = oracleHrAvailable ? describe : describe.skip;

describeData('org import of the Oracle HR sample', () => {
  let org: OrgTestApp;
  const ctx = userContext();

  beforeAll(async () => {
    org = await startOrg();
  }, 60_000);

  afterAll(async () => {
    await org?.close();
  });

  async function runImport(
    kind: 'departments' | 'members',
    file: 'departments.csv' | 'employees.csv',
    mapping: Record<string, string | string[]>,
  ): Promise<ImportStatus> {
    const { id } = await org.client.request(orgRpc.startImport, ctx, {
      kind,
      csv: oracleHrFile(file),
      mapping,
      defaults: { emailDomain: 'hr.example.com' },
    });

    return waitFor(
      async () => {
        const status = await org.client.request(orgRpc.getImport, ctx, { id });

        return status.status === 'running' ? null : status;
      },
      `import of ${file} to finish`,
      { timeoutMs: 40_000 },
    );
  }

  async function all<T>(
    fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  ) {
    const items: T[] = [];
    let cursor: string | undefined;

    do {
      const page = await fetch(cursor);

      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    return items;
  }

  async function snapshot() {
    const departments = await all((cursor) =>
      org.client.request(orgRpc.listDepartments, ctx, { limit: 500, cursor }),
    );
    const members = await all((cursor) =>
      org.client.request(orgRpc.listMembers, ctx, { limit: 500, cursor }),
    );

    return { departments, members };
  }

  it('imports departments then employees with every reference resolved, twice', async () => {
    const first = await runImport('departments', 'departments.csv', ORACLE_HR_DEPARTMENT_MAPPING);
    const people = await runImport('members', 'employees.csv', ORACLE_HR_MEMBER_MAPPING);

    expect(first).toMatchObject({ status: 'done', total: 27, done: 27, failed: 0, created: 27 });
    expect(people).toMatchObject({
      status: 'done',
      total: 107,
      done: 107,
      failed: 0,
      created: 107,
    });

    const { departments, members } = await snapshot();
    const dep = Object.fromEntries(departments.map((d) => [d.externalId, d]));
    const mem: Record<string, Member> = Object.fromEntries(members.map((m) => [m.externalId, m]));

    expect(departments.filter((d) => d.externalId)).toHaveLength(27);
    expect(members.filter((m) => m.externalId)).toHaveLength(107);
    expect(mem['100'].name).toBe('Steven King');
    expect(mem['100'].email).toBe('sking@hr.example.com');
    expect(dep['90'].headIds).toEqual([mem['100'].id]);
    expect(dep['50'].headIds).toEqual([mem['121'].id]);
    expect(mem['101'].managerId).toBe(mem['100'].id);
    expect(
      members
        .filter((m) => m.managerId === mem['101'].id)
        .map((m) => m.externalId)
        .sort(),
    ).toEqual(['108', '200', '203', '204', '205']);
    expect(members.filter((m) => m.departmentIds.includes(dep['50'].id))).toHaveLength(45);
    expect(mem['178'].departmentIds).toEqual([]);
    expect(mem['100'].hireDate).toBe('2013-06-17');

    const outbox = async () =>
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${org.schema}".outbox_events`))[0]
        .n;
    const eventsBefore = await outbox();
    const again = await runImport('departments', 'departments.csv', ORACLE_HR_DEPARTMENT_MAPPING);
    const againPeople = await runImport('members', 'employees.csv', ORACLE_HR_MEMBER_MAPPING);

    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 27 });
    expect(againPeople).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 107 });
    expect(await snapshot()).toEqual({ departments, members });
    // Only the two importFinished events: nothing else changed, so nothing else was said.
    expect((await outbox()) - eventsBefore).toBe(2);
  }, 120_000);

  it('refuses a mapping to a column the file lacks, and reports bad lines', async () => {
    await expect(
      org.client.request(orgRpc.startImport, ctx, {
        kind: 'members',
        csv: 'id,mail\n1,a@example.com\n',
        mapping: { name: 'full_name', email: 'mail' },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const { id } = await org.client.request(orgRpc.startImport, ctx, {
      kind: 'members',
      csv: 'name,email,externalId\nAda,ada@x.example,x1\n,nobody@x.example,x2\nBob,not-an-email,x3\nAda Again,ADA@x.example,x4\n',
    });
    const status = await waitFor(async () => {
      const s = await org.client.request(orgRpc.getImport, ctx, { id });

      return s.status === 'running' ? null : s;
    }, 'the small import to finish');

    expect(status).toMatchObject({ status: 'done', total: 4, done: 1, failed: 3 });
    expect(status.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'missing_name'],
      [4, 'invalid_email'],
      [5, 'duplicate_email'],
    ]);
  });
});
