import { ApiClient, TestPlatform, waitFor } from '@rivet/testing';
import { createEnterprise, Enterprise, unique } from './support';

interface Department {
  id: string;
  parentId: string | null;
  path: string;
}
interface AuditItem {
  action: string;
  actor: { id: string | null };
  target: { id: string };
  result: string;
  ip: string | null;
}

describe('the platform end to end, through the gateway', () => {
  const platform = new TestPlatform();
  let anonymous: ApiClient;
  let acme: Enterprise;

  beforeAll(async () => {
    await platform.start();
    anonymous = new ApiClient(platform.url);
    acme = await createEnterprise(anonymous, 'acme');
  }, 120_000);

  afterAll(async () => {
    await platform.stop();
  }, 60_000);

  it('makes the creator a super admin', async () => {
    const me = await acme.api.call<{ admin: { role: string } | null; user: { id: string } }>(
      'GET',
      '/api/v1/me',
    );

    expect(me.status).toBe(200);
    expect(me.body.admin?.role).toBe('super_admin');
    expect(me.body.user.id).toBe(acme.creatorUserId);
  });

  it('builds a tree, lets a new member sign in, and audits every step', async () => {
    const sales = await acme.api.call<Department>('POST', '/api/v1/departments', { name: 'Sales' });
    const hk = await acme.api.call<Department>('POST', '/api/v1/departments', {
      name: 'Sales HK',
      parentId: sales.body.id,
    });

    expect(sales.status).toBe(201);
    expect(hk.status).toBe(201);
    expect(hk.body.parentId).toBe(sales.body.id);
    expect(hk.body.path).toBe(`${sales.body.path}/${hk.body.id}`);

    const cycle = await acme.api.call('PATCH', `/api/v1/departments/${sales.body.id}`, {
      parentId: hk.body.id,
    });

    expect(cycle.status).toBe(409);
    expect(cycle.headers.get('content-type')).toContain('application/problem+json');

    const email = `${unique('wong')}@acme.example.com`;
    const member = await acme.api.call<{ id: string; userId: string }>('POST', '/api/v1/members', {
      name: 'Wong Ka Yan',
      email,
      departmentIds: [hk.body.id],
      title: 'Account Manager',
      password: 'Member-Pass-2026!',
    });

    expect(member.status).toBe(201);

    const underSales = await acme.api.listAll<{ id: string }>(
      `/api/v1/members?departmentId=${sales.body.id}&descendants=true`,
    );
    const directlyInSales = await acme.api.listAll<{ id: string }>(
      `/api/v1/members?departmentId=${sales.body.id}`,
    );

    expect(underSales.map((m) => m.id)).toContain(member.body.id);
    expect(directlyInSales.map((m) => m.id)).not.toContain(member.body.id);

    const signedIn = await waitFor(async () => {
      const r = await anonymous.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        email,
        password: 'Member-Pass-2026!',
        enterpriseId: acme.id,
      });

      return r.status === 200 ? r.body : null;
    }, 'the new member to sign in');

    expect(signedIn.accessToken).toBeTruthy();

    const wrong = await anonymous.call<{ code: string }>('POST', '/api/v1/auth/login', {
      email,
      password: 'not-the-password',
      enterpriseId: acme.id,
    });

    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthenticated');

    const expected = [
      'identity.enterprise.created',
      'org.department.created',
      'org.member.created',
      'identity.login.succeeded',
      'identity.login.failed',
    ];
    const trail = await waitFor(
      async () => {
        const items = await acme.api.listAll<AuditItem>('/api/v1/audit/events');
        const actions = new Set(items.map((i) => i.action));

        return expected.every((a) => actions.has(a)) ? items : null;
      },
      `audit to show ${expected.join(', ')}`,
      { timeoutMs: 20_000 },
    );
    const createdDepartments = trail.filter((i) => i.action === 'org.department.created');

    expect(createdDepartments.map((i) => i.target.id).sort()).toEqual(
      [sales.body.id, hk.body.id].sort(),
    );
    expect(createdDepartments.every((i) => i.actor.id === acme.creatorUserId)).toBe(true);
    expect(createdDepartments.every((i) => i.ip)).toBe(true);
    expect(trail.find((i) => i.action === 'identity.login.failed')?.result).toBe('failure');

    const verify = await acme.api.call<{ ok: boolean; checked: number }>(
      'GET',
      '/api/v1/audit/verify',
    );

    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBe(
      (await acme.api.listAll<AuditItem>('/api/v1/audit/events')).length,
    );
  }, 60_000);

  it("keeps one enterprise out of another's data", async () => {
    const other = await createEnterprise(anonymous, 'other');
    const secret = await acme.api.call<Department>('POST', '/api/v1/departments', {
      name: 'Board',
    });
    const peek = await other.api.call<{ code: string }>(
      'GET',
      `/api/v1/departments/${secret.body.id}`,
    );

    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('not_found');

    const rename = await other.api.call('PATCH', `/api/v1/departments/${secret.body.id}`, {
      name: 'Mine now',
    });

    expect(rename.status).toBe(404);

    const theirs = await other.api.listAll<Department>('/api/v1/departments');

    expect(theirs.map((d) => d.id)).not.toContain(secret.body.id);

    const theirAudit = await other.api.listAll<AuditItem>('/api/v1/audit/events');

    expect(theirAudit.map((i) => i.target.id)).not.toContain(secret.body.id);
  }, 30_000);

  it('answers problems for bad input and missing credentials', async () => {
    const noToken = await anonymous.call<{ code: string }>('GET', '/api/v1/departments');

    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe('unauthenticated');

    const invalid = await acme.api.call<{ code: string; errors: { field: string }[] }>(
      'POST',
      '/api/v1/members',
      { name: '', email: 'not-an-email' },
    );

    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
    expect(invalid.body.errors.map((e) => e.field).sort()).toEqual(['email', 'name']);
  });
});
