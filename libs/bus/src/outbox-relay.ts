import { JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

export interface OutboxRelayOptions {
  /** Rows published per round. Default 500. */
  batchSize?: number;
  /** Pause between rounds when the outbox is empty, in milliseconds. Default 250. */
  idleMs?: number;
  /** Sent rows are deleted once older than this, in milliseconds. Default one day. */
  keepSentMs?: number;
  /** Reports the number of unsent rows after each round. */
  onPending?: (pending: number) => void;
  onPublished?: (count: number) => void;
}

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  envelope: unknown;
}

/**
 * Publishes the outbox to JetStream. Each row is published with its event id
 * as the message id, so a row published twice (a crash between publish and
 * mark) is dropped by the stream's duplicate window.
 *
 * Replicas of a service each run a relay; a transaction-scoped advisory lock
 * lets one of them publish at a time, which keeps every aggregate's events in
 * commit order (claiming rows with SKIP LOCKED in parallel would not).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly keepSentMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 250;
    this.keepSentMs = options.keepSentMs ?? 24 * 60 * 60 * 1000;
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Asks for a round now rather than after the idle pause. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Publishes one batch. Returns how many rows it published, or -1 when
   * another replica holds the relay lock.
   */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || $1)) AS locked',
        [':outbox-relay'],
      )) as { locked: boolean }[];

      if (!locked) {
        return -1;
      }
      const rows = (await manager.query(
        `SELECT seq, id, subject, envelope FROM outbox_events
          WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
        [this.batchSize],
      )) as OutboxRow[];

      if (rows.length === 0) {
        return 0;
      }
      // Sent in order on one connection, so the stream keeps commit order.
      await Promise.all(
        rows.map((row) =>
          this.js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.id }),
        ),
      );
      await manager.query(
        'UPDATE outbox_events SET sent_at = now() WHERE seq = ANY($1::bigint[])',
        [rows.map((r) => r.seq)],
      );

      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;

      try {
        published = await this.publishBatch();
        if (published > 0) {
          this.options.onPublished?.(published);
          this.logger.debug({ published }, 'outbox batch published');
        }
        await this.housekeeping();
      } catch (err) {
        this.logger.warn({ err }, 'outbox relay round failed; retrying');
        await this.pause(1000);
        continue;
      }
      if (published < this.batchSize) {
        await this.pause(this.idleMs);
      }
    }
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();

    if (now - this.lastPurge < 60_000) {
      return;
    }
    this.lastPurge = now;
    await this.dataSource.query(
      `DELETE FROM outbox_events WHERE sent_at < now() - make_interval(secs => $1)`,
      [this.keepSentMs / 1000],
    );
    if (this.options.onPending) {
      const [{ pending }] = (await this.dataSource.query(
        'SELECT count(*)::int AS pending FROM outbox_events WHERE sent_at IS NULL',
      )) as { pending: number }[];

      this.options.onPending(pending);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;

      return Promise.resolve();
    }

    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);

      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        this.woken = false;
        done();
      };
    });
  }
}
