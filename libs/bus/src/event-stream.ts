import { eventsStreamName, EVENT_SUBJECT_ROOT, busPrefix } from '@rivet/contracts';
import { JetStreamManager, nanos, RetentionPolicy, StorageType } from 'nats';

/** How long JetStream remembers a message id to drop a re-publish, in milliseconds. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
/** How long events stay in the stream for consumers that were down, in milliseconds. */
export const EVENT_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Creates the domain-event stream when it is missing. Every service calls
 * this at start-up, so none depends on another having started first.
 */
export async function ensureEventStream(jsm: JetStreamManager): Promise<string> {
  const name = eventsStreamName();
  const config = {
    name,
    subjects: [`${busPrefix()}${EVENT_SUBJECT_ROOT}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(EVENT_RETENTION_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };

  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (err) {
      // Another service created it between our look and our add.
      await jsm.streams.info(name).catch(() => {
        throw err;
      });
    }
  }

  return name;
}
