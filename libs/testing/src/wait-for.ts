/**
 * Polls `probe` until it returns something truthy, pausing between tries.
 * Fails with `message` and the last value seen when the deadline passes.
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  message: string,
  { timeoutMs = 15_000, everyMs = 100 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;

  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last as T;
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${message} (last: ${describe(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    return value.message;
  }
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}
