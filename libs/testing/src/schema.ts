import { Client } from 'pg';
import { testServers, uniqueName } from './env';

/** Creates a schema of the test's own; returns its name and a function that drops it. */
export async function createTestSchema(
  prefix: string,
): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName(`t_${prefix}`).toLowerCase();

  await sql(`CREATE SCHEMA "${schema}"`);

  return {
    schema,
    drop: async () => void (await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  };
}

/** Runs one statement on the test database with a short-lived connection. */
export async function sql<T = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: testServers.databaseUrl });

  await client.connect();
  try {
    const result = await client.query(text, values);

    return result.rows as T[];
  } finally {
    await client.end();
  }
}
