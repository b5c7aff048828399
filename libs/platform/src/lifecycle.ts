import type { Logger } from 'pino';

/**
 * When the process was started by a supervisor with an IPC channel (the
 * `npm start` launcher), stop cleanly once that channel closes: a launcher
 * killed without the chance to stop its children leaves no services behind.
 */
export function stopWithParent(logger: Logger, stop: () => Promise<void>): void {
  if (!process.send) {
    return;
  }
  process.once('disconnect', () => {
    logger.warn('the process that started this service is gone; stopping');
    const force = setTimeout(() => process.exit(1), 10_000);

    force.unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
