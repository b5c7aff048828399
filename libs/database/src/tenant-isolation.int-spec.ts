import { randomUUID } from 'node:crypto';
import { createTestSchema, testServers } from '@rivet/testing';
import { DataSource } from 'typeorm';
import { APP_ROLE, createDataSource, grantAppRole } from './data-source';
import { acrossTenants, inTenant, tenantIsolationSql } from './tenant-tx';

describe('row-level security under the service role', () => {
  const a = randomUUID();
  const b = randomUUID();
  let schema: { schema: string; drop: () => Promise<void> };
  let owner: DataSource;
  let app: DataSource;

  beforeAll(async () => {
    schema = await createTestSchema('rls');
    const db = { schema: 'rls', entities: [], migrations: [] };
    const settings = { url: testServers.databaseUrl, poolSize: 2, schema: schema.schema };

    owner = createDataSource(db, settings);
    await owner.initialize();
    await owner.query(
      'CREATE TABLE notes (id serial PRIMARY KEY, tenant_id uuid NOT NULL, body text)',
    );
    for (const statement of tenantIsolationSql('notes')) {
      await owner.query(statement);
    }
    await grantAppRole(owner, schema.schema);
    app = createDataSource(db, { ...settings, role: APP_ROLE });
    await app.initialize();
    for (const tenant of [a, b]) {
      await inTenant(app, tenant, (tx) =>
        tx.manager.query('INSERT INTO notes (tenant_id, body) VALUES ($1, $2)', [tenant, 'secret']),
      );
    }
  });

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await schema?.drop();
  });

  it('runs the service queries as the role, not as the connecting user', async () => {
    const [{ role }] = await app.query('SELECT current_user AS role');

    expect(role).toBe(APP_ROLE);
  });

  it('shows a tenant only its rows even when a query forgets the filter', async () => {
    const seen = await inTenant(app, a, (tx) => tx.manager.query('SELECT tenant_id FROM notes'));

    expect(seen).toEqual([{ tenant_id: a }]);
  });

  it('shows nothing outside a tenant, and everything only when asked for all', async () => {
    expect(await app.query('SELECT * FROM notes')).toEqual([]);

    const all = await acrossTenants(app, (m) => m.query('SELECT tenant_id FROM notes'));

    expect(all).toHaveLength(2);
  });

  it("refuses to write a row into another tenant's name", async () => {
    await expect(
      inTenant(app, a, (tx) =>
        tx.manager.query('INSERT INTO notes (tenant_id, body) VALUES ($1, $2)', [b, 'forged']),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
