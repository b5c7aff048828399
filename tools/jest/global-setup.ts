import { Client } from 'pg';

/** Creates the test database when it is missing. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rivet');
  const database = url.pathname.slice(1);
  const admin = new URL(url);

  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });

  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);

    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database}"`);
    }
  } finally {
    await client.end();
  }
}
