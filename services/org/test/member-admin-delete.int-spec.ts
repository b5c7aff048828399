import { buildEnvelope, eventSubject, identityEvents, orgRpc, RivetError } from '@rivet/contracts';
import { testServers, waitFor } from '@rivet/testing';
import { connect, NatsConnection } from 'nats';
import { answerNoGrant, OrgTestApp, startOrg, userContext } from './org-test-app';

describe('deleting the member of an administrator', () => {
  let org: OrgTestApp;
  let nc: NatsConnection;
  const ctx = userContext();

  beforeAll(async () => {
    org = await startOrg();
    nc = await connect({ servers: testServers.natsUrl });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await org?.close();
  });

  async function codeOf(work: Promise<unknown>): Promise<string> {
    return work.then(
      () => 'ok',
      (err: unknown) => (err instanceof RivetError ? err.code : String(err)),
    );
  }

  it('is refused while the user holds a grant the projection knows', async () => {
    const admin = await org.client.request(orgRpc.createMember, ctx, {
      name: 'Only Admin',
      email: 'only.admin@example.com',
    });
    const grant = buildEnvelope(identityEvents.adminGranted, {
      tenantId: ctx.tenantId!,
      actor: { type: 'system', id: 'test', ip: null },
      subject: { type: 'user', id: admin.userId },
      data: {
        tenantId: ctx.tenantId!,
        userId: admin.userId,
        role: 'super_admin',
        permissions: [],
        scope: { type: 'all', departmentIds: [], includeDescendants: true },
      },
    });

    nc.publish(eventSubject(identityEvents.adminGranted.name), JSON.stringify(grant));
    const refusal = await waitFor(async () => {
      const err = await org.client.request(orgRpc.deleteMember, ctx, { id: admin.id }).then(
        () => null,
        (e: unknown) => e as RivetError,
      );

      // Until the grant arrives the answer is 'unavailable' (identity does not run here).
      return err?.code === 'conflict' ? err : null;
    }, 'the grant to reach org');

    expect(refusal.detail).toBe("revoke this member's administrator role first");
    expect((await org.client.request(orgRpc.getMember, ctx, { id: admin.id })).id).toBe(admin.id);
  });

  it('is refused as unavailable when identity cannot tell, and done once it says "no grant"', async () => {
    const member = await org.client.request(orgRpc.createMember, ctx, {
      name: 'Plain Member',
      email: 'plain@example.com',
    });

    // The projection knows no grant and identity does not answer: nothing is deleted.
    expect(await codeOf(org.client.request(orgRpc.deleteMember, ctx, { id: member.id }))).toBe(
      'unavailable',
    );
    expect(await codeOf(org.client.request(orgRpc.getMember, ctx, { id: member.id }))).toBe('ok');

    const identity = answerNoGrant(nc);

    try {
      expect(await codeOf(org.client.request(orgRpc.deleteMember, ctx, { id: member.id }))).toBe(
        'ok',
      );
      expect(await codeOf(org.client.request(orgRpc.getMember, ctx, { id: member.id }))).toBe(
        'not_found',
      );
    } finally {
      identity.unsubscribe();
    }
  });
});
