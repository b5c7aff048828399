import { Policy } from './policy';

const tenant = '6f1c1a52-8d53-4f43-9a43-4a3f0f5d6c11';
const other = '0b6b6f0c-2f7a-4a45-8d67-1f0c8a2e9d10';
const user = 'b0e6c3a1-5e3b-4e4c-9f0a-7a1f2d3c4b5e';

describe('Policy', () => {
  it('gives a super admin every permission, in its own tenant only', () => {
    const policy = new Policy();

    policy.grant({
      tenantId: tenant,
      userId: user,
      role: 'super_admin',
      permissions: [],
      scope: { type: 'all', departmentIds: [], includeDescendants: true },
    });

    expect(policy.can(tenant, user, 'audit.read')).toBe(true);
    expect(policy.can(other, user, 'audit.read')).toBe(false);
  });

  it('limits a sub admin to the permissions granted, and forgets a revoked grant', () => {
    const policy = new Policy();

    policy.grant({
      tenantId: tenant,
      userId: user,
      role: 'sub_admin',
      permissions: ['org.read'],
      scope: { type: 'all', departmentIds: [], includeDescendants: true },
    });

    expect(policy.can(tenant, user, 'org.read')).toBe(true);
    expect(policy.can(tenant, user, 'org.manage')).toBe(false);

    policy.revoke(tenant, user);

    expect(policy.can(tenant, user, 'org.read')).toBe(false);
  });

  it('remembers an ended session until its tokens would have expired', () => {
    const policy = new Policy();

    policy.endSession('s1', Math.floor(Date.now() / 1000) + 60);
    policy.endSession('s2', Math.floor(Date.now() / 1000) - 1);

    expect(policy.isSessionEnded('s1')).toBe(true);
    expect(policy.isSessionEnded('s2')).toBe(false);
  });
});
