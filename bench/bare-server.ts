/**
 * The ceiling of the HTTP benchmark: a bare Fastify server doing the same
 * Postgres work as the platform path, with no gateway, bus or framework.
 * Started by bench/http.ts as its own process, like the gateway.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const schema = process.env.BENCH_SCHEMA ?? 'org';
const port = Number(process.env.PORT ?? 0);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rivet',
  max: 10,
  options: `-c search_path=${schema}`,
});
const app = Fastify({ logger: false });

app.get<{ Params: { tenant: string; id: string } }>('/members/:tenant/:id', async (req, reply) => {
  const { rows } = await pool.query(
    'SELECT id, user_id, name, email, title FROM members WHERE tenant_id = $1 AND id = $2',
    [req.params.tenant, req.params.id],
  );

  if (rows.length === 0) {
    return reply.code(404).send({ code: 'not_found' });
  }

  return rows[0];
});

app.post<{ Params: { tenant: string }; Body: { name: string } }>(
  '/departments/:tenant',
  async (req, reply) => {
    // The same writes as the platform: the row and its event, in one transaction.
    const client = await pool.connect();

    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `INSERT INTO bench_departments (tenant_id, name) VALUES ($1, $2) RETURNING id, name`,
        [req.params.tenant, req.body.name],
      );

      await client.query(`INSERT INTO bench_events (payload) VALUES ($1)`, [
        JSON.stringify(rows[0]),
      ]);
      await client.query('COMMIT');

      return reply.code(201).send(rows[0]);
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  },
);

void (async () => {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_departments (
       id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, name text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now())`,
  );
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_events (seq bigserial PRIMARY KEY, payload jsonb NOT NULL)`,
  );
  const address = await app.listen({ port, host: '127.0.0.1' });

  process.stdout.write(`${address}\n`);
})();
