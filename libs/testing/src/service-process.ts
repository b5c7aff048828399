import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { waitFor } from './wait-for';

/** The repository root, from the sources (tests) or from dist/ (benchmarks). */
export const repositoryRoot = (() => {
  let dir = __dirname;

  while (!existsSync(resolve(dir, 'nx.json')) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }

  return dir;
})();

export interface ServiceProcessOptions {
  /** Service name: `gateway`, `identity`, `org`, `audit`. */
  service: string;
  /** Port of its health endpoints (or the gateway's HTTP port). */
  port: number;
  env: Record<string, string>;
}

/**
 * A built service run as a child process, as an operator would run it, so
 * that a test can kill it (SIGKILL: no clean shutdown) and start it again.
 * Needs `npm run build` first.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(private readonly options: ServiceProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    const entry = resolve(repositoryRoot, 'dist/services', this.options.service, 'src/main.js');

    this.output = '';
    this.child = spawn(
      process.execPath,
      ['-r', resolve(repositoryRoot, 'tools/register-paths.js'), entry],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          ...this.options.env,
          LOG_LEVEL: process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };

    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const child = this.child;

    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`${this.options.service} exited with ${child.exitCode}: ${this.output}`);
        }
        const res = await fetch(`${this.url}/readyz`).catch(() => null);

        return res?.status === 200;
      },
      `${this.options.service} to become ready`,
      { timeoutMs: 60_000, everyMs: 200 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.options.service} output ---\n${this.output}`);
    });
  }

  /** Kills the process without letting it clean up. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Asks the process to stop cleanly and waits for it. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** The process id while it runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get logs(): string {
    return this.output;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;

    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = once(child, 'exit');

    child.kill(signal);
    await exited;
    this.child = null;
  }
}
