import { RpcPermissionGuard } from '@rivet/auth';
import { buildEnvelope, eventSubject, identityEvents, orgRpc, RivetError } from '@rivet/contracts';
import { testServers, waitFor } from '@rivet/testing';
import { connect, NatsConnection } from 'nats';
import { OrgTestApp, startOrg, userContext } from './org-test-app';

describe('org checks the catalogue permission itself', () => {
  let org: OrgTestApp;
  let nc: NatsConnection;

  beforeAll(async () => {
    org = await startOrg({ rpcGuards: [RpcPermissionGuard] });
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

  it('refuses a user without a grant, whatever reached it', async () => {
    const stranger = userContext();

    // Identity does not run here: the projection has no grant and cannot ask.
    expect(await codeOf(org.client.request(orgRpc.listDepartments, stranger, {}))).toMatch(
      /^(forbidden|unavailable)$/,
    );
    expect(
      await codeOf(org.client.request(orgRpc.listDepartments, { ...stranger, tenantId: null }, {})),
    ).toBe('forbidden');
  });

  it('follows grants as identity announces them: read-only stays read-only', async () => {
    const reader = userContext();
    const grant = buildEnvelope(identityEvents.adminGranted, {
      tenantId: reader.tenantId!,
      actor: { type: 'system', id: 'test', ip: null },
      subject: { type: 'user', id: reader.actor.id! },
      data: {
        tenantId: reader.tenantId!,
        userId: reader.actor.id!,
        role: 'sub_admin',
        permissions: ['org.read'],
        scope: { type: 'all', departmentIds: [], includeDescendants: true },
      },
    });

    nc.publish(eventSubject(identityEvents.adminGranted.name), JSON.stringify(grant));
    await waitFor(
      async () => (await codeOf(org.client.request(orgRpc.listDepartments, reader, {}))) === 'ok',
      'the grant to reach org',
    );

    expect(
      await codeOf(org.client.request(orgRpc.createDepartment, reader, { name: 'Not allowed' })),
    ).toBe('forbidden');
  });
});
