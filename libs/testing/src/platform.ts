import { createServer } from 'node:net';
import { connect } from 'nats';
import { testServers, uniqueName } from './env';
import { ServiceProcess } from './service-process';
import { sql } from './schema';

/** A free TCP port on the loopback interface, as the kernel hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();

    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();

      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type BackendService = 'identity' | 'org' | 'audit';

export interface PlatformOptions {
  /** Replicas per back-end service. Default one each. */
  replicas?: Partial<Record<BackendService, number>>;
  env?: Record<string, string>;
}

/**
 * The whole platform as child processes (built services from dist/), with
 * its own schemas and its own bus prefix, so that a test file runs beside a
 * developer's platform and beside other test files.
 */
export class TestPlatform {
  readonly services = new Map<BackendService, ServiceProcess[]>();
  gateway!: ServiceProcess;
  readonly prefix = uniqueName('e2e');

  constructor(private readonly options: PlatformOptions = {}) {}

  get url(): string {
    return this.gateway.url;
  }

  /** The Postgres schema of a back-end service. */
  schema(service: BackendService): string {
    return `${this.prefix}_${service}`;
  }

  async start(): Promise<void> {
    const common = {
      RIVET_BUS_PREFIX: this.prefix,
      RIVET_EVENT_ACK_WAIT_MS: '3000',
      ...this.options.env,
    };
    const starting: Promise<void>[] = [];

    for (const service of ['identity', 'org', 'audit'] as const) {
      const replicas: ServiceProcess[] = [];

      for (let i = 0; i < (this.options.replicas?.[service] ?? 1); i++) {
        const port = await freePort();

        replicas.push(
          new ServiceProcess({
            service,
            port,
            env: { ...common, HTTP_PORT: String(port), DATABASE_SCHEMA: this.schema(service) },
          }),
        );
      }
      this.services.set(service, replicas);
      // Replicas of one service start one after the other (the first migrates).
      starting.push(replicas.reduce((p, r) => p.then(() => r.start()), Promise.resolve()));
    }
    const gatewayPort = await freePort();

    this.gateway = new ServiceProcess({
      service: 'gateway',
      port: gatewayPort,
      env: { ...common, PORT: String(gatewayPort), HOST: '127.0.0.1' },
    });
    starting.push(this.gateway.start());
    await Promise.all(starting);
  }

  replica(service: BackendService, index = 0): ServiceProcess {
    const found = this.services.get(service)?.[index];

    if (!found) {
      throw new Error(`no replica ${index} of ${service}`);
    }

    return found;
  }

  /** Stops every process and drops the platform's schemas and event stream. */
  async stop(): Promise<void> {
    const all = [...this.services.values()].flat();

    await Promise.all([this.gateway?.stop(), ...all.map((s) => s.stop())]);
    for (const service of ['identity', 'org', 'audit'] as const) {
      await sql(`DROP SCHEMA IF EXISTS "${this.schema(service)}" CASCADE`);
    }
    const nc = await connect({ servers: testServers.natsUrl });

    try {
      const jsm = await nc.jetstreamManager();

      // The stream name the services derived from this platform's bus prefix.
      await jsm.streams.delete(`${this.prefix}_RIVET_EVENTS`).catch(() => false);
    } finally {
      await nc.close();
    }
  }
}

/** A minimal JSON client for the gateway. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token: string | null = null,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = {};

    if (this.token) {
      headers.authorization = `Bearer ${this.token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();

    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: res.headers,
    };
  }

  /** Follows `nextCursor` through every page of a list. */
  async listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;

    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { status: number; body: { items: T[]; nextCursor: string | null } } =
        await this.call(
          'GET',
          `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );

      if (page.status !== 200) {
        throw new Error(`GET ${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
      }
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);

    return items;
  }
}
