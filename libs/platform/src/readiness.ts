/** A dependency whose reachability decides whether a process is ready. */
export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** Where each library registers the dependencies it brings. */
export class ReadinessRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();

  register(probe: ReadinessProbe): void {
    this.probes.set(probe.name, probe);
  }

  /** Runs every probe with a deadline and reports each one. */
  async run(timeoutMs = 2000): Promise<{ ok: boolean; checks: Record<string, string> }> {
    const entries = await Promise.all(
      [...this.probes.values()].map(async (probe) => {
        try {
          await withDeadline(
            probe.check(),
            timeoutMs,
            `${probe.name} did not answer in ${timeoutMs} ms`,
          );

          return [probe.name, 'up'] as const;
        } catch (err) {
          return [probe.name, `down: ${err instanceof Error ? err.message : String(err)}`] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);

    return { ok: entries.every(([, state]) => state === 'up'), checks };
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });

  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
