import { Client } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';

/** What a service declares about its storage. */
export interface ServiceDatabase {
  /** The Postgres schema the service owns (its tables, its migrations table). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export interface ConnectionSettings {
  url: string;
  poolSize: number;
  /** Overrides the declared schema (tests give each file its own). */
  schema?: string;
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A TypeORM data source bound to one schema. The connection's search_path is
 * the schema itself, so migrations hold no schema names and the same
 * migrations build any schema a test asks for.
 */
export function createDataSource(db: ServiceDatabase, settings: ConnectionSettings): DataSource {
  const schema = settings.schema ?? db.schema;

  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  }

  return new DataSource({
    type: 'postgres',
    url: settings.url,
    schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: settings.poolSize,
    applicationName: settings.applicationName ?? schema,
    extra: { options: `-c search_path=${schema}` },
  });
}

/** Creates the schema when it is missing (a fresh database or a test's own schema). */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });

  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two replicas starting together may both try; the loser sees a unique violation.
    if ((err as { code?: string }).code !== '23505') {
      throw err;
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations under an advisory lock, so that replicas starting
 * at the same moment apply each migration once.
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();

  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`rivet:migrate:${schema}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`rivet:migrate:${schema}`]);
    await runner.release();
  }
}

/** Opens a data source for a service: schema, connection, migrations. */
export async function openDatabase(
  db: ServiceDatabase,
  settings: ConnectionSettings,
): Promise<{ dataSource: DataSource; applied: string[] }> {
  const schema = settings.schema ?? db.schema;

  await ensureSchema(settings.url, schema);
  const dataSource = createDataSource(db, settings);

  await dataSource.initialize();
  const applied = await migrate(dataSource, schema);

  return { dataSource, applied };
}
