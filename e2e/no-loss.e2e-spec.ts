import { ApiClient, sql, TestPlatform, waitFor } from '@rivet/testing';
import { createEnterprise, Enterprise, unique } from './support';

/** Every event id the platform's outboxes hold for a tenant. */
async function emittedIds(platform: TestPlatform, tenantId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `SELECT id FROM "${platform.schema('org')}".outbox_events WHERE envelope->>'tenantId' = $1
     UNION ALL
     SELECT id FROM "${platform.schema('identity')}".outbox_events
      WHERE envelope->>'tenantId' = $1`,
    [tenantId],
  );

  return rows.map((r) => r.id).sort();
}

async function recordedIds(platform: TestPlatform, tenantId: string): Promise<string[]> {
  const rows = await sql<{ event_id: string }>(
    `SELECT event_id FROM "${platform.schema('audit')}".audit_events WHERE tenant_id = $1`,
    [tenantId],
  );

  return rows.map((r) => r.event_id).sort();
}

/** Creates members with a few requests in flight, calling `at(n)` after the n-th. */
async function createMembers(
  enterprise: Enterprise,
  count: number,
  at: (done: number) => Promise<void> = async () => undefined,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const r = await enterprise.api.call('POST', '/api/v1/members', {
        name: `Member ${next}`,
        email: `${unique('m')}@load.example.com`,
      });

      if (r.status !== 201) {
        throw new Error(`create member answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
      done++;
      await at(done);
    }
  };

  await Promise.all(Array.from({ length: 8 }, worker));
}

async function expectEveryEventOnce(platform: TestPlatform, enterprise: Enterprise) {
  // Events keep arriving for a while after the requests (identity creates an
  // account for every member), so compare until both sides settle.
  const { emitted, recorded } = await waitFor(
    async () => {
      const [e, r] = await Promise.all([
        emittedIds(platform, enterprise.id),
        recordedIds(platform, enterprise.id),
      ]);

      return e.length > 0 && e.join() === r.join() ? { emitted: e, recorded: r } : null;
    },
    `audit to record exactly the events emitted for ${enterprise.id}`,
    { timeoutMs: 90_000, everyMs: 500 },
  );

  expect(recorded).toEqual(emitted);

  const verify = await enterprise.api.call<{ ok: boolean; checked: number }>(
    'GET',
    '/api/v1/audit/verify',
  );

  expect(verify.body).toMatchObject({ ok: true, checked: emitted.length });
}

describe('nothing lost, nothing twice', () => {
  describe('when the audit service is killed mid-load', () => {
    const platform = new TestPlatform();

    beforeAll(() => platform.start(), 120_000);
    afterAll(() => platform.stop(), 60_000);

    it('records every event exactly once after it restarts', async () => {
      const acme = await createEnterprise(new ApiClient(platform.url), 'kill');
      const audit = platform.replica('audit');
      let killed: Promise<void> | null = null;
      let restarted: Promise<void> | null = null;

      await createMembers(acme, 200, async (done) => {
        if (done === 60 && !killed) {
          killed = audit.kill();
        }
        if (done === 140 && !restarted) {
          restarted = (async () => {
            await killed;
            await audit.start();
          })();
        }
      });
      await restarted;

      // The 200 members' events, beside the enterprise's own.
      expect((await emittedIds(platform, acme.id)).length).toBeGreaterThan(200);

      await expectEveryEventOnce(platform, acme);
    }, 180_000);
  });

  describe('with two replicas of org and of audit', () => {
    const platform = new TestPlatform({ replicas: { org: 2, audit: 2 } });

    beforeAll(() => platform.start(), 180_000);
    afterAll(() => platform.stop(), 60_000);

    it('records every event once and keeps every chain unbroken', async () => {
      const anonymous = new ApiClient(platform.url);
      const tenants = [
        await createEnterprise(anonymous, 'one'),
        await createEnterprise(anonymous, 'two'),
        await createEnterprise(anonymous, 'three'),
      ];

      await Promise.all(tenants.map((t) => createMembers(t, 150)));

      for (const t of tenants) {
        await expectEveryEventOnce(platform, t);
      }

      const consumed = await Promise.all(
        [0, 1].map(async (i) => {
          const text = await (await fetch(`${platform.replica('audit', i).url}/metrics`)).text();
          const line = text
            .split('\n')
            .find((l) => l.startsWith('rivet_events_consumed_total') && l.includes('outcome="ok"'));

          return Number(line?.split(' ').pop() ?? 0);
        }),
      );
      const handled = await Promise.all(
        [0, 1].map(async (i) => {
          const text = await (await fetch(`${platform.replica('org', i).url}/metrics`)).text();

          return text
            .split('\n')
            .filter((l) => l.startsWith('rivet_rpc_duration_seconds_count'))
            .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
        }),
      );

      // Both replicas of each service took part, or the test proves nothing about replicas.
      expect(consumed.every((n) => n > 0)).toBe(true);
      expect(handled.every((n) => n > 0)).toBe(true);
    }, 240_000);
  });
});
