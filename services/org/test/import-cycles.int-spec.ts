import { Department, DepartmentNode, orgRpc, RequestContext } from '@rivet/contracts';
import { sql } from '@rivet/testing';
import { randomUUID } from 'node:crypto';
import { importFinished, OrgTestApp, startOrg, userContext } from './org-test-app';

describe('org imports refuse cycles', () => {
  let org: OrgTestApp;

  beforeAll(async () => {
    org = await startOrg();
  }, 60_000);

  afterAll(async () => {
    await org?.close();
  });

  async function runImport(ctx: RequestContext, kind: 'departments' | 'members', csv: string) {
    const { id } = await org.client.request(orgRpc.startImport, ctx, {
      kind,
      csv,
      defaults: { emailDomain: 'cycle.example' },
    });

    return importFinished(org, ctx, id);
  }

  /** Every department, checked: the tree shows them all and each path follows its parents. */
  async function departments(ctx: RequestContext): Promise<Map<string, Department>> {
    const { items } = await org.client.request(orgRpc.listDepartments, ctx, { limit: 500 });
    const { roots } = await org.client.request(orgRpc.departmentTree, ctx, {});
    const inTree: string[] = [];
    const walk = (nodes: DepartmentNode[]) =>
      nodes.forEach((n) => {
        inTree.push(n.id);
        walk(n.children);
      });
    const byId = new Map(items.map((d) => [d.id, d]));

    walk(roots);
    expect(inTree.sort()).toEqual(items.map((d) => d.id).sort());
    for (const d of items) {
      const parent = d.parentId ? byId.get(d.parentId) : undefined;

      expect(d.path).toBe(`${parent ? parent.path : ''}/${d.id}`);
    }

    return new Map(items.flatMap((d) => (d.externalId ? [[d.externalId, d]] : [])));
  }

  it('refuses the row of a file that closes a cycle with an earlier row', async () => {
    const ctx = userContext();
    const status = await runImport(
      ctx,
      'departments',
      'externalId,name,parentExternalId\nCY1,A,CY2\nCY2,B,CY1\nCY3,C,CY1\n',
    );

    // The failed row is written without its parent, and counts as failed, not created.
    expect(status).toMatchObject({ status: 'done', total: 3, done: 2, failed: 1, created: 2 });
    expect(status.errors).toEqual([
      {
        line: 3,
        code: 'invalid_parent',
        detail: expect.stringMatching(/^would make a cycle/) as unknown,
      },
    ]);
    const all = await departments(ctx);

    expect(all.get('CY2')?.parentId).toBeNull();
    expect(all.get('CY1')?.parentId).toBe(all.get('CY2')?.id);
    expect(all.get('CY3')?.parentId).toBe(all.get('CY1')?.id);
  });

  it('refuses moving a department under its own descendant, and under a pending reference', async () => {
    const ctx = userContext();

    await runImport(
      ctx,
      'departments',
      'externalId,name,parentExternalId\nTOP,Top,\nMID,Mid,TOP\nLOW,Low,MID\nP1,Pending,P2\n',
    );
    const again = await runImport(
      ctx,
      'departments',
      'externalId,name,parentExternalId\nTOP,Top,LOW\nP2,Second,P1\n',
    );

    expect(again).toMatchObject({ status: 'done', done: 0, failed: 2 });
    expect(again.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'invalid_parent'],
      [3, 'invalid_parent'],
    ]);
    expect(again.errors[0].detail).toBe('would make a cycle: TOP → LOW → MID → TOP');
    const all = await departments(ctx);

    expect(all.get('TOP')?.parentId).toBeNull();
    expect(all.get('LOW')?.parentId).toBe(all.get('MID')?.id);
    expect(all.get('TOP')?.name).toBe('Top');
    expect(all.get('P2')?.parentId).toBeNull();
    expect(all.get('P1')?.parentId).toBe(all.get('P2')?.id);
  });

  it('detaches a cycle that reached the resolver past the writers', async () => {
    const ctx = userContext();
    const [x1, x2] = [randomUUID(), randomUUID()];

    // Two pending parents naming each other, as two imports running at once could leave them.
    await sql(
      `INSERT INTO "${org.schema}".departments (id, tenant_id, external_id, name, path, parent_external_id)
       VALUES ($1, $3, 'X1', 'X1', $4, 'X2'), ($2, $3, 'X2', 'X2', $5, 'X1')`,
      [x1, x2, ctx.tenantId, `/${x1}`, `/${x2}`],
    );
    const status = await runImport(ctx, 'departments', 'externalId,name\nOTHER,Other\n');

    expect(status).toMatchObject({ status: 'done', failed: 0 });
    const all = await departments(ctx);

    expect(
      [all.get('X1')?.parentId, all.get('X2')?.parentId].filter((p) => p === null),
    ).toHaveLength(1);
  });

  it('refuses a manager that would make a reporting cycle, in the file or through stored members', async () => {
    const ctx = userContext();
    const first = await runImport(
      ctx,
      'members',
      'externalId,name,email,managerExternalId\nMC1,One,mc1,MC2\nMC2,Two,mc2,MC1\nB1,Boss,b1,\nB2,Lead,b2,B1\nB3,Staff,b3,B2\n',
    );

    expect(first).toMatchObject({ status: 'done', total: 5, done: 4, failed: 1, created: 4 });
    expect(first.errors).toEqual([
      { line: 3, code: 'invalid_manager', detail: 'would make a reporting cycle' },
    ]);
    const again = await runImport(
      ctx,
      'members',
      'externalId,name,email,managerExternalId\nB1,Boss,b1,B3\n',
    );

    expect(again).toMatchObject({ status: 'done', done: 0, failed: 1, updated: 0 });
    expect(again.errors).toEqual([
      { line: 2, code: 'invalid_manager', detail: 'would make a reporting cycle' },
    ]);
    const { items } = await org.client.request(orgRpc.listMembers, ctx, { limit: 100 });
    const byExternalId = new Map(items.map((m) => [m.externalId, m]));

    expect(byExternalId.get('MC2')?.managerId).toBeNull();
    expect(byExternalId.get('MC1')?.managerId).toBe(byExternalId.get('MC2')?.id);
    expect(byExternalId.get('B1')?.managerId).toBeNull();
    expect(byExternalId.get('B3')?.managerId).toBe(byExternalId.get('B2')?.id);
  });
});
