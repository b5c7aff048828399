import {
  checkDepartmentRow,
  checkMemberRow,
  CsvSyntaxError,
  listOf,
  normaliseEmail,
  planColumns,
  readCsv,
  valueOf,
} from './csv-mapping';

describe('planColumns', () => {
  const header = ['employee_id', 'first_name', 'last_name', 'email', 'title'];

  it('maps single and joined source columns and takes unmapped columns by their own name', () => {
    const { plan, errors } = planColumns('members', header, {
      externalId: 'employee_id',
      name: ['first_name', 'last_name'],
    });

    expect(errors).toEqual([]);
    expect(plan.get('name')).toEqual([1, 2]);
    expect(plan.get('email')).toEqual([3]);
    expect(plan.get('title')).toEqual([4]);
    expect(plan.has('phone')).toBe(false);
  });

  it('reports unknown columns, missing sources and unmapped required columns together', () => {
    const { errors } = planColumns('members', ['id', 'mail'], {
      name: 'full_name',
      salary: 'id',
    });

    expect(errors.map((e) => e.field).sort()).toEqual([
      'mapping.email',
      'mapping.name',
      'mapping.salary',
    ]);
  });

  it('needs a header', () => {
    expect(planColumns('departments', [], {}).errors[0].field).toBe('csv');
  });
});

describe('row values', () => {
  it('joins non-empty sources with one space and splits lists on ;', () => {
    const plan = new Map([['name', [0, 1]]]);

    expect(valueOf(plan, 'name', [' Steven ', 'King'])).toBe('Steven King');
    expect(valueOf(plan, 'name', ['', 'King'])).toBe('King');
    expect(listOf(' 10; 20;;10 ')).toEqual(['10', '20']);
  });

  it('completes and lower-cases emails', () => {
    expect(normaliseEmail('SKING', 'hr.example.com')).toBe('sking@hr.example.com');
    expect(normaliseEmail('A@B.Example', 'hr.example.com')).toBe('a@b.example');
    expect(normaliseEmail('SKING', undefined)).toBe('sking');
  });
});

describe('row checks', () => {
  const { header, records } = readCsv(
    'name,email,externalId,managerExternalId,hireDate\n' +
      'Ada,ADA,1,,2020-02-29\n' +
      ',b@x.example,2,,\n' +
      'Cy,not an email,3,,\n' +
      'Di,di@x.example,4,4,\n' +
      'Ed,ed@x.example,5,,2021-02-30\n',
  );
  const { plan } = planColumns('members', header, {});

  it('gives line numbers counted from the header', () => {
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('accepts a good row and names what is wrong with a bad one', () => {
    const results = records.map((r) => checkMemberRow(plan, r, 'x.example'));

    expect(results[0].row).toMatchObject({ email: 'ada@x.example', hireDate: '2020-02-29' });
    expect(results.slice(1).map((r) => r.error?.code)).toEqual([
      'missing_name',
      'invalid_email',
      'invalid_manager',
      'invalid_date',
    ]);
  });

  it('refuses a department that is its own parent', () => {
    const csv = readCsv('externalId,name,parentExternalId\n7,Ops,7\n');
    const depPlan = planColumns('departments', csv.header, {}).plan;

    expect(checkDepartmentRow(depPlan, csv.records[0]).error?.code).toBe('invalid_parent');
  });
});

describe('readCsv', () => {
  it('refuses a file with an unclosed quote, naming the line', () => {
    let error: unknown;

    try {
      readCsv('externalId,name\nQ3,"broken\nQ4,ok\n');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line: 3, message: expect.stringMatching(/quote.*line 3/i) });
  });
});
