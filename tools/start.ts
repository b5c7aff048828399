/**
 * `npm start`: runs every Rivet service on this machine against the Postgres,
 * Redis and NATS named in the environment (localhost by default), waits
 * until each is ready and prints where the API and its docs are. Ctrl-C
 * stops everything cleanly.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { resolve } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..');
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rivet',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
const gatewayPort = Number(process.env.PORT ?? 8080);

interface ServiceSpec {
  name: string;
  port: number;
  portVariable: string;
}

const SERVICES: ServiceSpec[] = [
  {
    name: 'identity',
    port: Number(process.env.IDENTITY_HTTP_PORT ?? 8101),
    portVariable: 'HTTP_PORT',
  },
  { name: 'org', port: Number(process.env.ORG_HTTP_PORT ?? 8102), portVariable: 'HTTP_PORT' },
  { name: 'audit', port: Number(process.env.AUDIT_HTTP_PORT ?? 8103), portVariable: 'HTTP_PORT' },
  { name: 'gateway', port: gatewayPort, portVariable: 'PORT' },
];

/** A service that crashes this often within the window is not restarted again. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

const HOW_TO_START: Record<string, (port: number) => string> = {
  Postgres: () =>
    'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' +
    '   (or set DATABASE_URL)',
  Redis: (port) =>
    `redis-server --daemonize yes --port ${port} --save '' --appendonly no   (or set REDIS_URL)`,
  NATS: (port) =>
    `nats-server -a 127.0.0.1 -p ${port} -js -sd /var/lib/nats-server &` +
    '   (JetStream on; or set NATS_URL)',
};

function portOf(url: string, defaultPort: number): number {
  const first = url.split(',')[0].trim();

  return Number(new URL(first.includes('://') ? first : `nats://${first}`).port || defaultPort);
}

/** Whether nothing listens on a local port yet. */
function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();

    server.once('error', () => done(false));
    server.listen(port, '0.0.0.0', () => server.close(() => done(true)));
  });
}

function say(line: string): void {
  process.stdout.write(`[rivet] ${line}\n`);
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const first = url.split(',')[0].trim();
  const parsed = new URL(first.includes('://') ? first : `nats://${first}`);

  return new Promise((done) => {
    const socket = createConnection({
      host: parsed.hostname,
      port: Number(parsed.port || defaultPort),
    });

    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
  });
}

async function checkServers(): Promise<boolean> {
  const checks = await Promise.all([
    reachable(env.DATABASE_URL, 5432).then((ok) => ['Postgres', env.DATABASE_URL, ok] as const),
    reachable(env.REDIS_URL, 6379).then((ok) => ['Redis', env.REDIS_URL, ok] as const),
    reachable(env.NATS_URL, 4222).then((ok) => ['NATS', env.NATS_URL, ok] as const),
  ]);
  const down = checks.filter(([, , ok]) => !ok);
  const defaults: Record<string, number> = { Postgres: 5432, Redis: 6379, NATS: 4222 };

  for (const [name, url] of down) {
    const hint = HOW_TO_START[name](portOf(url, defaults[name]));

    say(`${name} does not answer at ${url}. Start it with:\n        ${hint}`);
  }

  return down.length === 0;
}

/** Whether NATS answers as NATS with JetStream on (the event stream needs it). */
async function hasJetStream(): Promise<boolean> {
  try {
    const nc = await connect({ servers: env.NATS_URL.split(','), timeout: 3000 });

    try {
      await (await nc.jetstreamManager()).getAccountInfo();

      return true;
    } catch {
      say(`NATS at ${env.NATS_URL} runs without JetStream; start nats-server with -js`);

      return false;
    } finally {
      await nc.close();
    }
  } catch (err) {
    say(`NATS_URL ${env.NATS_URL} does not speak NATS: ${(err as Error).message}`);

    return false;
  }
}

async function ensureDatabase(): Promise<void> {
  const url = new URL(env.DATABASE_URL);
  const database = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);

  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });

  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);

    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      say(`created database ${database}`);
    }
  } finally {
    await client.end();
  }
}

async function waitReady(spec: ServiceSpec, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${spec.name} exited with code ${child.exitCode} while starting`);
    }
    const res = await fetch(`http://127.0.0.1:${spec.port}/readyz`).catch(() => null);

    if (res?.status === 200) {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${spec.name} was not ready after ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  if (!(await checkServers())) {
    process.exitCode = 1;

    return;
  }
  try {
    await ensureDatabase();
  } catch (err) {
    say(`Postgres at ${env.DATABASE_URL} refused us: ${(err as Error).message}`);
    process.exitCode = 1;

    return;
  }
  if (!(await hasJetStream())) {
    process.exitCode = 1;

    return;
  }
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('stopping');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              done();

              return;
            }
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);

            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    say('stopped');
    process.exit(code);
  };

  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const taken = (
    await Promise.all(SERVICES.map(async (spec) => ((await portFree(spec.port)) ? null : spec)))
  ).filter((spec): spec is ServiceSpec => spec !== null);

  if (taken.length > 0) {
    for (const spec of taken) {
      say(
        `port ${spec.port} (${spec.name}) is in use: is another Rivet still running?` +
          ' (pgrep -fa dist/services)',
      );
    }
    process.exitCode = 1;

    return;
  }
  let ready = false;
  const restarts = new Map<string, number[]>();
  const launch = (spec: ServiceSpec): ChildProcess => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        resolve(ROOT, 'tools/register-paths.js'),
        resolve(ROOT, 'dist/services', spec.name, 'src/main.js'),
      ],
      {
        cwd: ROOT,
        // Internal health and metrics ports stay on this machine unless asked otherwise.
        env: {
          HTTP_HOST: '127.0.0.1',
          ...process.env,
          ...env,
          [spec.portVariable]: String(spec.port),
        },
        // The IPC channel lets a service notice when this launcher is gone.
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );

    children.set(spec.name, child);
    child.once('exit', (code, signal) => {
      if (stopping) {
        return;
      }
      const how = signal ?? `code ${code}`;

      if (!ready) {
        say(`${spec.name} stopped while starting (${how}); stopping the rest`);
        void stopAll(1);

        return;
      }
      // A crash after start-up is restarted, the rest keep serving; one that
      // keeps crashing is a problem a person must look at.
      const now = Date.now();
      const recent = (restarts.get(spec.name) ?? []).filter((t) => now - t < RESTART_WINDOW_MS);

      if (recent.length >= MAX_RESTARTS) {
        say(
          `${spec.name} stopped (${how}) ${recent.length + 1} times in a minute; stopping the rest`,
        );
        void stopAll(1);

        return;
      }
      restarts.set(spec.name, [...recent, now]);
      say(`${spec.name} stopped unexpectedly (${how}); restarting it`);
      setTimeout(
        () => {
          if (!stopping) {
            const again = launch(spec);

            waitReady(spec, again, 120_000).then(
              () => say(`${spec.name} is ready again`),
              (err: Error) => say(err.message),
            );
          }
        },
        1000 * (recent.length + 1),
      );
    });

    return child;
  };

  for (const spec of SERVICES) {
    launch(spec);
  }
  try {
    await Promise.all(SERVICES.map((spec) => waitReady(spec, children.get(spec.name)!, 120_000)));
  } catch (err) {
    say((err as Error).message);
    await stopAll(1);

    return;
  }
  ready = true;
  const base = `http://127.0.0.1:${gatewayPort}`;

  say('all services are ready');
  say(`API:  ${base}/api/v1`);
  say(`Docs: ${base}/docs   (OpenAPI document: ${base}/docs/openapi.json)`);
  say('Ctrl-C stops everything');
}

void main();
