import { orgRpc, RivetError, uploadKey, UPLOAD_TTL_SECONDS } from '@rivet/contracts';
import { testServers } from '@rivet/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { importFinished, OrgTestApp, startOrg, userContext } from './org-test-app';

describe('org imports of CSV parked in Redis', () => {
  let org: OrgTestApp;
  let redis: Redis;
  const ctx = userContext();

  beforeAll(async () => {
    org = await startOrg();
    redis = new Redis(testServers.redisUrl);
  }, 60_000);

  afterAll(async () => {
    await redis?.quit();
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

  it('imports a 3 MB upload by reference, once', async () => {
    const rows = ['externalId,name,email,note'];
    const note = 'x'.repeat(1_500);

    // 2,100 rows of about 1.5 kB: a little over 3 MB, far more than one bus message.
    for (let i = 0; i < 2_100; i += 1) {
      rows.push(`U${i},Uploaded ${i},u${i}@upload.example,${note}`);
    }
    const csv = `${rows.join('\n')}\n`;
    const ref = randomUUID();

    expect(csv.length).toBeGreaterThan(3_000_000);
    await redis.set(uploadKey(ref), csv, 'EX', UPLOAD_TTL_SECONDS);

    const { id } = await org.client.request(orgRpc.startImport, ctx, {
      kind: 'members',
      csvRef: ref,
    });
    const status = await importFinished(org, ctx, id, 120_000);

    expect(status).toMatchObject({
      status: 'done',
      total: rows.length - 1,
      done: rows.length - 1,
      failed: 0,
      created: rows.length - 1,
    });
    expect(await redis.exists(uploadKey(ref))).toBe(0);
    const sample = await org.client.request(orgRpc.listMembers, ctx, { externalId: 'U7' });

    expect(sample.items[0]).toMatchObject({ name: 'Uploaded 7', email: 'u7@upload.example' });

    const again = await failure(
      org.client.request(orgRpc.startImport, ctx, { kind: 'members', csvRef: ref }),
    );

    expect(again.code).toBe('validation_failed');
    expect(again.extra.errors).toEqual([
      { field: 'csvRef', message: 'the upload has expired or was already used' },
    ]);
  }, 150_000);

  // The contract itself refuses these (a client checks before sending, the service on receipt).
  it('refuses both csv and csvRef, or neither', async () => {
    const both = await failure(
      org.client.request(orgRpc.startImport, ctx, {
        kind: 'members',
        csv: 'name,email\nA,a@x.example\n',
        csvRef: randomUUID(),
      }),
    );
    const neither = await failure(org.client.request(orgRpc.startImport, ctx, { kind: 'members' }));

    expect(both.code).toBe('validation_failed');
    expect(neither.code).toBe('validation_failed');
  });
});
