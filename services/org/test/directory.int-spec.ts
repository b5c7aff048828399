import { orgRpc, RivetError } from '@rivet/contracts';
import { OrgTestApp, startOrg, userContext } from './org-test-app';

describe('org departments and members', () => {
  let org: OrgTestApp;
  const ctx = userContext();

  beforeAll(async () => {
    // Deleting a member asks identity whether its user is an administrator.
    org = await startOrg({ noGrants: true });
  }, 60_000);

  afterAll(async () => {
    await org?.close();
  });

  async function failure(promise: Promise<unknown>): Promise<RivetError> {
    try {
      await promise;
    } catch (err) {
      return err as RivetError;
    }
    throw new Error('expected the request to fail');
  }

  it('keeps a tree, refuses cycles and deleting a non-empty department', async () => {
    const { client } = org;
    const root = await client.request(orgRpc.createDepartment, ctx, { name: 'Sales' });
    const child = await client.request(orgRpc.createDepartment, ctx, {
      name: 'Sales HK',
      parentId: root.id,
    });
    const grandchild = await client.request(orgRpc.createDepartment, ctx, {
      name: 'Sales Kowloon',
      parentId: child.id,
    });

    expect(child.path).toBe(`/${root.id}/${child.id}`);
    expect(grandchild.path).toBe(`/${root.id}/${child.id}/${grandchild.id}`);

    const cycle = await failure(
      client.request(orgRpc.updateDepartment, ctx, { id: root.id, parentId: grandchild.id }),
    );

    expect(cycle.code).toBe('conflict');
    expect(
      (await failure(client.request(orgRpc.deleteDepartment, ctx, { id: child.id }))).code,
    ).toBe('conflict');
    expect(
      (
        await failure(
          client.request(orgRpc.createDepartment, ctx, {
            name: 'Orphan',
            parentId: '00000000-0000-4000-8000-000000000000',
          }),
        )
      ).code,
    ).toBe('not_found');

    const other = await client.request(orgRpc.createDepartment, ctx, { name: 'Marketing' });
    const moved = await client.request(orgRpc.updateDepartment, ctx, {
      id: child.id,
      parentId: other.id,
    });

    expect(moved.path).toBe(`/${other.id}/${child.id}`);
    expect((await client.request(orgRpc.getDepartment, ctx, { id: grandchild.id })).path).toBe(
      `/${other.id}/${child.id}/${grandchild.id}`,
    );

    const tree = await client.request(orgRpc.departmentTree, ctx, {});
    const marketing = tree.roots.find((r) => r.id === other.id);

    expect(tree.roots.map((r) => r.name)).toEqual(['Marketing', 'Sales']);
    expect(marketing?.children[0]?.children[0]?.id).toBe(grandchild.id);

    const page1 = await client.request(orgRpc.listDepartments, ctx, { limit: 2 });
    const page2 = await client.request(orgRpc.listDepartments, ctx, {
      limit: 2,
      cursor: page1.nextCursor ?? undefined,
    });

    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();

    await client.request(orgRpc.deleteDepartment, ctx, { id: grandchild.id });
    await expect(
      client.request(orgRpc.getDepartment, ctx, { id: grandchild.id }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lists members by department subtree and by text, and guards managers', async () => {
    const { client } = org;
    const c = userContext();
    const top = await client.request(orgRpc.createDepartment, c, { name: 'Operations' });
    const sub = await client.request(orgRpc.createDepartment, c, {
      name: 'Logistics',
      parentId: top.id,
    });
    const boss = await client.request(orgRpc.createMember, c, {
      name: 'Chan Tai Man',
      email: 'Tai.Man@Example.com',
      departmentIds: [top.id],
    });
    const worker = await client.request(orgRpc.createMember, c, {
      name: 'Lee 50%_off',
      email: 'lee@example.com',
      departmentIds: [sub.id],
      managerId: boss.id,
    });

    expect(boss.email).toBe('tai.man@example.com');
    expect(worker.departmentIds).toEqual([sub.id]);
    expect(
      (
        await failure(
          client.request(orgRpc.createMember, c, { name: 'Dup', email: 'TAI.MAN@example.com' }),
        )
      ).code,
    ).toBe('conflict');

    const direct = await client.request(orgRpc.listMembers, c, { departmentId: top.id });
    const deep = await client.request(orgRpc.listMembers, c, {
      departmentId: top.id,
      descendants: true,
    });

    expect(direct.items.map((m) => m.id)).toEqual([boss.id]);
    expect(deep.items.map((m) => m.id).sort()).toEqual([boss.id, worker.id].sort());
    expect(
      (await client.request(orgRpc.listMembers, c, { q: '50%' })).items.map((m) => m.id),
    ).toEqual([worker.id]);
    expect((await client.request(orgRpc.listMembers, c, { q: '%_x' })).items).toHaveLength(0);
    expect((await client.request(orgRpc.listMembers, c, { q: 'TAI.MAN' })).items).toHaveLength(1);

    const self = await failure(
      client.request(orgRpc.updateMember, c, { id: boss.id, managerId: boss.id }),
    );
    const cycle = await failure(
      client.request(orgRpc.updateMember, c, { id: boss.id, managerId: worker.id }),
    );

    expect(self.code).toBe('conflict');
    expect(cycle.code).toBe('conflict');

    await client.request(orgRpc.updateDepartment, c, { id: top.id, headIds: [boss.id] });
    await client.request(orgRpc.deleteMember, c, { id: boss.id });
    expect((await client.request(orgRpc.getMember, c, { id: worker.id })).managerId).toBeNull();
    expect((await client.request(orgRpc.getDepartment, c, { id: top.id })).headIds).toEqual([]);
    // Another tenant sees none of it.
    expect((await client.request(orgRpc.listMembers, userContext(), {})).items).toHaveLength(0);
  });
});
