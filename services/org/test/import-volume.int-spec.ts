import { orgRpc } from '@rivet/contracts';
import { waitFor } from '@rivet/testing';
import { OrgTestApp, startOrg, userContext } from './org-test-app';

const MEMBERS = 5_000;
const DEPARTMENTS = 200;

describe('an import of thousands of members', () => {
  let org: OrgTestApp;
  const ctx = userContext();

  beforeAll(async () => {
    org = await startOrg();
  }, 60_000);

  afterAll(async () => {
    await org?.close();
  });

  it(`imports ${MEMBERS} members with managers and departments`, async () => {
    const departments = ['externalId,name,parentExternalId'];

    for (let d = 0; d < DEPARTMENTS; d += 1) {
      departments.push(`D${d},Department ${d},${d === 0 ? '' : `D${Math.floor((d - 1) / 5)}`}`);
    }
    const members = ['externalId,name,email,managerExternalId,departmentExternalIds'];

    // Members are ranked in a shuffled order and report to the member ranked above them
    // (rank r to rank (r - 1) / 5): a tree, without cycles, whose managers point forward as
    // often as back, so many references resolve a batch later.
    const rank = (m: number) => (m * 7919) % MEMBERS;
    const byRank = new Map(Array.from({ length: MEMBERS }, (_, m) => [rank(m), m]));

    for (let m = 0; m < MEMBERS; m += 1) {
      const manager = rank(m) === 0 ? '' : `E${byRank.get(Math.floor((rank(m) - 1) / 5))}`;

      members.push(`E${m},Member ${m},m${m},${manager},D${m % DEPARTMENTS}`);
    }
    const run = async (kind: 'departments' | 'members', csv: string) => {
      const { id } = await org.client.request(orgRpc.startImport, ctx, {
        kind,
        csv,
        defaults: { emailDomain: 'load.example' },
      });

      return waitFor(
        async () => {
          const s = await org.client.request(orgRpc.getImport, ctx, { id });

          return s.status === 'running' ? null : s;
        },
        `${kind} import to finish`,
        { timeoutMs: 120_000, everyMs: 50 },
      );
    };

    await run('departments', departments.join('\n'));
    // Speed is measured by bench/import.ts; this checks what many batches produce.
    const status = await run('members', members.join('\n'));

    expect(status).toMatchObject({ status: 'done', done: MEMBERS, failed: 0, created: MEMBERS });
    const sample = await org.client.request(orgRpc.listMembers, ctx, { externalId: 'E5' });

    expect(sample.items[0].managerId).not.toBeNull();
    expect(sample.items[0].departmentIds).toHaveLength(1);
  }, 180_000);
});
