/**
 * Import benchmark: rows per second of a generated 100k-member CSV through
 * the import API, with the peak memory (VmHWM) of each service, beside the
 * ceiling measured in the same run: the same rows written to Postgres by
 * batched INSERTs of 500 with nothing else around them.
 *
 *   npm run build && node -r ./tools/register-paths.js dist/bench/import.js [members]
 */
import { readFileSync } from 'node:fs';
import { ApiClient, sql, TestPlatform, testServers } from '@rivet/testing';
import { Client } from 'pg';

const MEMBERS = Number(process.argv[2] ?? 100_000);
const DEPARTMENTS = 200;

function departmentsCsv(): string {
  const lines = ['externalId,name,parentExternalId'];

  for (let d = 1; d <= DEPARTMENTS; d++) {
    lines.push(`D${d},Department ${d},${d > 10 ? `D${1 + (d % 10)}` : ''}`);
  }

  return lines.join('\n');
}

function membersCsv(): string {
  const lines = ['employee_no,given,family,mail,dept,boss,title'];

  for (let m = 1; m <= MEMBERS; m++) {
    const boss = m > 1 ? `E${Math.max(1, Math.floor(m / 10))}` : '';

    lines.push(`E${m},Given${m},Family${m},user${m},D${1 + (m % DEPARTMENTS)},${boss},Staff`);
  }

  return lines.join('\n');
}

function peakMemoryMb(pid: number | null): string {
  if (!pid) {
    return '?';
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);

  return `${Math.round(kb / 1024)} MiB`;
}

async function waitImport(api: ApiClient, id: string): Promise<{ status: string; failed: number }> {
  for (;;) {
    const r = await api.call<{ status: string; failed: number; done: number }>(
      'GET',
      `/api/v1/imports/${id}`,
    );

    if (r.body.status !== 'running') {
      return r.body;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function ceiling(schema: string): Promise<number> {
  const client = new Client({ connectionString: testServers.databaseUrl });

  await client.connect();
  try {
    await client.query(`SET search_path = "${schema}"`);
    await client.query(
      `CREATE TABLE bench_members (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid,
        external_id text, name text, email text, title text, UNIQUE (tenant_id, external_id))`,
    );
    const tenant = '00000000-0000-4000-8000-000000000001';
    const started = process.hrtime.bigint();

    for (let from = 1; from <= MEMBERS; from += 500) {
      const values: unknown[] = [];
      const tuples: string[] = [];

      for (let m = from; m < from + 500 && m <= MEMBERS; m++) {
        const i = values.length;

        tuples.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5})`);
        values.push(tenant, `E${m}`, `Given${m} Family${m}`, `user${m}@bench.example.com`, 'Staff');
      }
      await client.query(
        `INSERT INTO bench_members (tenant_id, external_id, name, email, title)
         VALUES ${tuples.join(',')}`,
        values,
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    return MEMBERS / seconds;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const platform = new TestPlatform({ env: { LOG_LEVEL: 'warn' } });

  await platform.start();
  try {
    const anonymous = new ApiClient(platform.url);
    const email = `owner-${Date.now()}@bench.example.com`;
    const created = await anonymous.call<{ enterprise: { id: string } }>(
      'POST',
      '/api/v1/enterprises',
      {
        name: 'Import Bench Ltd',
        creator: { name: 'Bench Owner', email, password: 'Bench-Password-1' },
      },
    );
    const tenantId = created.body.enterprise.id;
    const login = await anonymous.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      email,
      password: 'Bench-Password-1',
      enterpriseId: tenantId,
    });
    const api = anonymous.withToken(login.body.accessToken);

    const deps = await api.call<{ id: string }>('POST', '/api/v1/imports', {
      kind: 'departments',
      csv: departmentsCsv(),
    });

    await waitImport(api, deps.body.id);

    const csv = membersCsv();
    const started = Date.now();
    const run = await api.call<{ id: string }>('POST', '/api/v1/imports', {
      kind: 'members',
      csv,
      mapping: {
        externalId: 'employee_no',
        name: ['given', 'family'],
        email: 'mail',
        departmentExternalIds: 'dept',
        managerExternalId: 'boss',
        title: 'title',
      },
      defaults: { emailDomain: 'bench.example.com' },
    });

    if (run.status !== 202) {
      throw new Error(`import answered ${run.status}: ${JSON.stringify(run.body)}`);
    }
    const result = await waitImport(api, run.body.id);
    const importSeconds = (Date.now() - started) / 1000;
    const auditStarted = Date.now();

    for (;;) {
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${platform.schema('audit')}".audit_events
          WHERE tenant_id = $1 AND action = 'org.member.created'`,
        [tenantId],
      );

      if (n >= MEMBERS || Date.now() - auditStarted > 600_000) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const auditLagSeconds = (Date.now() - auditStarted) / 1000;
    const memory = ['gateway', 'identity', 'org', 'audit'].map((s) => {
      const proc = s === 'gateway' ? platform.gateway : platform.replica(s as 'org');

      return `${s} ${peakMemoryMb(proc.pid)}`;
    });
    const ceilingRate = await ceiling(platform.schema('org'));
    const rate = MEMBERS / importSeconds;

    console.log(
      `\nImport benchmark: ${MEMBERS} members (${(csv.length / 1e6).toFixed(1)} MB of CSV)`,
    );
    console.log(`  import status ${result.status}, ${result.failed} failed rows`);
    console.log(
      `  import through the API        ${Math.round(rate)} rows/s  (${importSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  audit caught up               ${auditLagSeconds.toFixed(1)} s after the import finished`,
    );
    console.log(`  batched INSERT 500 (ceiling)  ${Math.round(ceilingRate)} rows/s`);
    console.log(
      `  ratio ${((rate / ceilingRate) * 100).toFixed(1)} % of the ceiling (goal >= 10k rows/s)`,
    );
    console.log(`  peak memory (VmHWM): ${memory.join(', ')}`);
  } finally {
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
