import {
  ApiClient,
  ORACLE_HR_DEPARTMENT_MAPPING as DEPARTMENT_MAPPING,
  ORACLE_HR_MEMBER_MAPPING as MEMBER_MAPPING,
  oracleHrAvailable as present,
  oracleHrFile,
  TestPlatform,
  waitFor,
} from '@rivet/testing';
import { parse } from 'csv-parse/sync';
import { createEnterprise, Enterprise } from './support';

type Row = Record<string, string>;
interface Department {
  id: string;
  externalId: string | null;
  headIds: string[];
  parentId: string | null;
}
interface Member {
  id: string;
  externalId: string | null;
  name: string;
  email: string;
  managerId: string | null;
  departmentIds: string[];
  hireDate: string | null;
  title: string | null;
}

(present ? describe : describe.skip)('importing the Oracle HR sample unedited', () => {
  const platform = new TestPlatform();
  let hr: Enterprise;
  const departmentsCsv = present ? oracleHrFile('departments.csv') : '';
  const employeesCsv = present ? oracleHrFile('employees.csv') : '';
  const departmentRows: Row[] = present ? parse(departmentsCsv, { columns: true }) : [];
  const employeeRows: Row[] = present ? parse(employeesCsv, { columns: true }) : [];

  beforeAll(async () => {
    await platform.start();
    hr = await createEnterprise(new ApiClient(platform.url), 'hr');
  }, 120_000);

  afterAll(async () => {
    await platform.stop();
  }, 60_000);

  async function runImport(kind: string, csv: string, mapping: object) {
    const started = await hr.api.call<{ id: string }>('POST', '/api/v1/imports', {
      kind,
      csv,
      mapping,
      defaults: { emailDomain: 'hr.example.com' },
    });

    expect(started.status).toBe(202);

    return waitFor(
      async () => {
        const s = await hr.api.call<{
          status: string;
          errors: unknown[];
          done: number;
          total: number;
        }>('GET', `/api/v1/imports/${started.body.id}`);

        return s.body.status !== 'running' ? s.body : null;
      },
      `${kind} import to finish`,
      { timeoutMs: 60_000, everyMs: 200 },
    );
  }

  async function snapshot() {
    const departments = (await hr.api.listAll<Department>('/api/v1/departments')).filter(
      (d) => d.externalId,
    );
    const members = (await hr.api.listAll<Member>('/api/v1/members')).filter((m) => m.externalId);

    return { departments, members };
  }

  it('gives the tree, heads, managers and counts of the files, and nothing new twice', async () => {
    const deps = await runImport('departments', departmentsCsv, DEPARTMENT_MAPPING);
    const emps = await runImport('members', employeesCsv, MEMBER_MAPPING);

    expect(deps).toMatchObject({ status: 'done', total: 27, errors: [] });
    expect(emps).toMatchObject({ status: 'done', total: 107, errors: [] });

    const first = await snapshot();
    const depByExt = new Map(first.departments.map((d) => [d.externalId!, d]));
    const memByExt = new Map(first.members.map((m) => [m.externalId!, m]));

    expect(first.departments).toHaveLength(departmentRows.length);
    expect(first.members).toHaveLength(employeeRows.length);

    for (const row of departmentRows) {
      const d = depByExt.get(row.department_id)!;
      const heads = row.manager_id ? [memByExt.get(row.manager_id)!.id] : [];

      expect({ dept: row.department_id, heads: d.headIds }).toEqual({
        dept: row.department_id,
        heads,
      });
      expect(d.parentId).toBeNull();
    }
    for (const row of employeeRows) {
      const m = memByExt.get(row.employee_id)!;
      const manager = row.manager_id ? memByExt.get(row.manager_id)!.id : null;
      const departments = row.department_id ? [depByExt.get(row.department_id)!.id] : [];

      expect({
        id: row.employee_id,
        name: m.name,
        email: m.email,
        managerId: m.managerId,
        departmentIds: m.departmentIds,
        hireDate: m.hireDate,
        title: m.title,
      }).toEqual({
        id: row.employee_id,
        name: `${row.first_name} ${row.last_name}`,
        email: `${row.email.toLowerCase()}@hr.example.com`,
        managerId: manager,
        departmentIds: departments,
        hireDate: row.hire_date,
        title: row.job_id,
      });
    }
    const perDepartment = (rows: Row[], ext: string) =>
      rows.filter((r) => r.department_id === ext).length;

    for (const row of departmentRows) {
      const listed = await hr.api.listAll<Member>(
        `/api/v1/members?departmentId=${depByExt.get(row.department_id)!.id}`,
      );

      expect({ dept: row.department_id, count: listed.length }).toEqual({
        dept: row.department_id,
        count: perDepartment(employeeRows, row.department_id),
      });
    }

    const again = [
      await runImport('departments', departmentsCsv, DEPARTMENT_MAPPING),
      await runImport('members', employeesCsv, MEMBER_MAPPING),
    ];

    expect(again.map((r) => r.status)).toEqual(['done', 'done']);
    expect(again).toEqual([
      expect.objectContaining({ created: 0, updated: 0, unchanged: 27 }),
      expect.objectContaining({ created: 0, updated: 0, unchanged: 107 }),
    ]);

    const second = await snapshot();
    const sortById = <T extends { id: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.id.localeCompare(b.id));

    expect(sortById(second.departments)).toEqual(sortById(first.departments));
    expect(sortById(second.members)).toEqual(sortById(first.members));
  }, 180_000);
});
