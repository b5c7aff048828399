/**
 * Generates and checks TypeORM migrations for every service.
 *
 *   node -r ./tools/register-paths.js dist/tools/migrations.js generate <service> <Name>
 *   node -r ./tools/register-paths.js dist/tools/migrations.js check
 *
 * Both build a scratch schema from the checked-in migrations and compare it
 * with the entities; `generate` writes the difference as a new migration,
 * `check` fails when there is any (an entity changed without a migration).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDataSource, ensureSchema, migrate, ServiceDatabase } from '@rivet/database';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..');
const SERVICES = ['identity', 'org', 'audit'];
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rivet';

async function pendingQueries(service: string): Promise<{ up: string[]; down: string[] }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(resolve(ROOT, 'dist/services', service, 'src/database')) as {
    database: ServiceDatabase;
  };
  const schema = `scratch_${service}_${process.pid}`;

  await ensureSchema(url, schema);
  const dataSource = createDataSource(mod.database, { url, poolSize: 2, schema });

  await dataSource.initialize();
  try {
    await migrate(dataSource, schema);
    const sql = await dataSource.driver.createSchemaBuilder().log();

    // TypeORM names the scratch schema in some statements (DROP INDEX);
    // migrations must not name a schema: they build whichever one is current.
    const unqualified = (query: string) => query.split(`"${schema}".`).join('');

    return {
      up: sql.upQueries.map((q) => unqualified(q.query)),
      down: sql.downQueries.map((q) => unqualified(q.query)).reverse(),
    };
  } finally {
    await dataSource.destroy();
    const client = new Client({ connectionString: url });

    await client.connect();
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await client.end();
  }
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');

  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main(): Promise<void> {
  const [command, service, name] = process.argv.slice(2);

  if (command === 'generate' && service && name) {
    const { up, down } = await pendingQueries(service);

    if (up.length === 0) {
      process.stdout.write(`${service}: entities and migrations agree; nothing to generate\n`);

      return;
    }
    const stamp = Date.now();
    const className = `${name.replace(/[^A-Za-z0-9]/g, '')}${stamp}`;
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const file = resolve(ROOT, 'services', service, 'src/migrations', `${stamp}-${kebab}.ts`);

    writeFileSync(file, migrationSource(className, up, down));
    process.stdout.write(`${service}: wrote ${file}; add it to the service's migration list\n`);

    return;
  }
  if (command === 'check') {
    let drift = false;

    for (const s of SERVICES) {
      const { up } = await pendingQueries(s);

      if (up.length > 0) {
        drift = true;
        process.stdout.write(`${s}: entities differ from migrations:\n  ${up.join('\n  ')}\n`);
      } else {
        process.stdout.write(`${s}: migrations match the entities\n`);
      }
    }
    process.exitCode = drift ? 1 : 0;

    return;
  }
  process.stderr.write('usage: migrations generate <service> <Name> | migrations check\n');
  process.exitCode = 2;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
