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
  /**
   * The role queries run as (`SET ROLE` at connection start). Row-level
   * security binds neither superusers nor table owners, so the service's
   * own queries must not run as either. Unset: the connecting user.
   */
  role?: string;
}

/**
 * The role every service's queries run as: it owns nothing and may only read
 * and write rows, so the tenant policies bind it.
 */
export const APP_ROLE = 'rivet_app';

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
    extra: {
      options: `-c search_path=${schema}${settings.role ? ` -c role=${settings.role}` : ''}`,
    },
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

/**
 * Lets {@link APP_ROLE} read and write the schema's rows, and lets the
 * connecting user act as it. Creates the role on first use (needs CREATEROLE,
 * or a database administrator creates it once beforehand).
 */
export async function grantAppRole(dataSource: DataSource, schema: string): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['rivet:app-role']);
    await manager.query(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
           CREATE ROLE ${APP_ROLE} NOLOGIN;
         END IF;
         IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
           EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
         END IF;
       END $$`,
    );
    await manager.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${APP_ROLE}`);
    await manager.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${APP_ROLE}`,
    );
    await manager.query(
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO ${APP_ROLE}`,
    );
  });
}

/**
 * Opens a data source for a service: creates the schema, applies the
 * migrations and grants as the connecting user, then connects for the
 * service's own queries as {@link APP_ROLE}, which row-level security binds.
 */
export async function openDatabase(
  db: ServiceDatabase,
  settings: ConnectionSettings,
): Promise<{ dataSource: DataSource; applied: string[] }> {
  const schema = settings.schema ?? db.schema;

  await ensureSchema(settings.url, schema);
  // Two connections: migrate() holds its advisory lock on one while TypeORM migrates on the other.
  const owner = createDataSource(db, { ...settings, poolSize: 2, role: undefined });
  let applied: string[];

  await owner.initialize();
  try {
    applied = await migrate(owner, schema);
    await grantAppRole(owner, schema);
  } finally {
    await owner.destroy();
  }
  const dataSource = createDataSource(db, { ...settings, role: settings.role ?? APP_ROLE });

  await dataSource.initialize();

  return { dataSource, applied };
}
