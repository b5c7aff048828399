/**
 * HTTP benchmark: requests per second and p50/p99 latency of
 * `GET /api/v1/members/{id}` and `POST /api/v1/departments` through the
 * gateway at 50 concurrent connections, beside a bare Fastify server doing
 * the same Postgres work in the same run. The ratio is the figure that counts.
 *
 *   npm run build && node -r ./tools/register-paths.js dist/bench/http.js [seconds]
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiClient, freePort, TestPlatform, testServers } from '@rivet/testing';
import autocannon from 'autocannon';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts });

  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function row(label: string, f: Figures): string {
  const rps = String(f.rps).padStart(7);
  const p50 = String(f.p50).padStart(4);
  const p99 = String(f.p99).padStart(4);

  return `${label.padEnd(44)} ${rps} req/s   p50 ${p50} ms   p99 ${p99} ms   errors ${f.errors}`;
}

async function main(): Promise<void> {
  const platform = new TestPlatform({ env: { LOG_LEVEL: 'warn' } });

  await platform.start();
  const bare = spawn(process.execPath, [resolve(__dirname, 'bare-server.js')], {
    env: {
      ...process.env,
      DATABASE_URL: testServers.databaseUrl,
      BENCH_SCHEMA: platform.schema('org'),
      PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  try {
    const bareUrl = await new Promise<string>((done) => {
      createInterface({ input: bare.stdout! }).once('line', (line) => done(line.trim()));
    });
    const anonymous = new ApiClient(platform.url);
    const email = `owner-${Date.now()}@bench.example.com`;
    const created = await anonymous.call<{ enterprise: { id: string } }>(
      'POST',
      '/api/v1/enterprises',
      {
        name: 'Bench Ltd',
        creator: { name: 'Bench Owner', email, password: 'Bench-Password-1' },
      },
    );
    const tenant = created.body.enterprise.id;
    const login = await anonymous.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      email,
      password: 'Bench-Password-1',
      enterpriseId: tenant,
    });
    const api = anonymous.withToken(login.body.accessToken);
    const member = await api.call<{ id: string }>('POST', '/api/v1/members', {
      name: 'Chan Tai Man',
      email: `chan-${Date.now()}@bench.example.com`,
      title: 'Analyst',
    });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const body = JSON.stringify({ name: 'Bench department' });
    const json = { 'content-type': 'application/json' };

    // Warm both paths (JIT, pools, token cache) before measuring.
    await autocannon({
      url: `${platform.url}/api/v1/members/${member.body.id}`,
      headers: auth,
      duration: 2,
      connections: 10,
    });
    await autocannon({
      url: `${bareUrl}/members/${tenant}/${member.body.id}`,
      duration: 2,
      connections: 10,
    });

    const gwGet = await load({
      url: `${platform.url}/api/v1/members/${member.body.id}`,
      headers: auth,
    });
    const bareGet = await load({ url: `${bareUrl}/members/${tenant}/${member.body.id}` });
    const gwPost = await load({
      url: `${platform.url}/api/v1/departments`,
      method: 'POST',
      headers: { ...auth, ...json },
      body,
    });
    const barePost = await load({
      url: `${bareUrl}/departments/${tenant}`,
      method: 'POST',
      headers: json,
      body,
    });

    console.log(
      `\nHTTP benchmark, ${CONNECTIONS} connections, ${SECONDS} s each, same machine, same run`,
    );
    console.log(row('GET  /api/v1/members/{id} via gateway', gwGet));
    console.log(row('GET  bare Fastify + pg (ceiling)', bareGet));
    console.log(
      `     ratio ${((gwGet.rps / bareGet.rps) * 100).toFixed(1)} % of the ceiling ` +
        '(goal >= 50 %, p99 < 15 ms)',
    );
    console.log(row('POST /api/v1/departments via gateway', gwPost));
    console.log(row('POST bare Fastify + pg (ceiling)', barePost));
    console.log(`     ratio ${((gwPost.rps / barePost.rps) * 100).toFixed(1)} % of the ceiling`);
  } finally {
    bare.kill('SIGTERM');
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
