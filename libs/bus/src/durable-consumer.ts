import { Envelope, envelopeSchema, eventSubject } from '@rivet/contracts';
import { AckPolicy, DeliverPolicy, JetStreamClient, JetStreamManager, JsMsg, nanos } from 'nats';
import type { Logger } from 'pino';

/** A handler of a batch of events; it must be idempotent (redeliveries happen). */
export type BatchHandler = (events: Envelope[]) => Promise<void>;

export interface ConsumerSpec {
  /** Durable name, shared by every replica of the consuming service. */
  durable: string;
  /** Event name or wildcard, e.g. `org.member.*` or `>` for every event. */
  filter: string;
  handle: BatchHandler;
  /** Messages fetched per round. Default 256. */
  batchSize?: number;
  /** Redelivery delay of an unacknowledged message, in milliseconds. Default 30 s. */
  ackWaitMs?: number;
}

export interface ConsumerHooks {
  onHandled?: (durable: string, count: number, outcome: 'ok' | 'retry' | 'dropped') => void;
}

/**
 * A durable pull consumer with explicit acknowledgement. A batch is acked
 * only after its handler returns; when the batch fails, each event is tried
 * on its own so that one bad event does not hold back the others. An event
 * that is not a valid envelope is logged and terminated; anything else that
 * fails is redelivered after a pause.
 */
export class DurableConsumer {
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly spec: ConsumerSpec,
    private readonly logger: Logger,
    private readonly hooks: ConsumerHooks = {},
  ) {}

  async start(): Promise<void> {
    const config = {
      durable_name: this.spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventSubject(this.spec.filter),
      ack_wait: nanos(this.spec.ackWaitMs ?? 30_000),
      max_ack_pending: 20_000,
      max_deliver: -1,
    };

    try {
      await this.jsm.consumers.info(this.stream, this.spec.durable);
      await this.jsm.consumers.update(this.stream, this.spec.durable, {
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await this.jsm.consumers.add(this.stream, config).catch(async (err: unknown) => {
        // A replica created it first.
        await this.jsm.consumers.info(this.stream, this.spec.durable).catch(() => {
          throw err;
        });
      });
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    const consumer = await this.js.consumers.get(this.stream, this.spec.durable);

    while (this.running) {
      try {
        const messages = await consumer.fetch({
          max_messages: this.spec.batchSize ?? 256,
          expires: 1000,
        });
        const batch: JsMsg[] = [];

        for await (const m of messages) {
          batch.push(m);
        }
        if (batch.length > 0) {
          await this.process(batch);
        }
      } catch (err) {
        if (!this.running) {
          break;
        }
        this.logger.warn({ err, durable: this.spec.durable }, 'event fetch failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const parsed: { msg: JsMsg; envelope: Envelope }[] = [];

    for (const msg of batch) {
      const result = envelopeSchema.safeParse(safeJson(msg));

      if (result.success) {
        parsed.push({ msg, envelope: { ...result.data, data: result.data.data } });
      } else {
        this.logger.error(
          {
            durable: this.spec.durable,
            subject: msg.subject,
            seq: msg.seq,
            issues: result.error.issues,
          },
          'event is not a valid envelope; dropped',
        );
        msg.term();
        this.hooks.onHandled?.(this.spec.durable, 1, 'dropped');
      }
    }
    if (parsed.length === 0) {
      return;
    }
    try {
      await this.spec.handle(parsed.map((p) => p.envelope));
      parsed.forEach((p) => p.msg.ack());
      this.hooks.onHandled?.(this.spec.durable, parsed.length, 'ok');

      return;
    } catch (err) {
      if (parsed.length === 1) {
        this.retryLater(parsed[0].msg, parsed[0].envelope, err);

        return;
      }
    }
    for (const { msg, envelope } of parsed) {
      try {
        await this.spec.handle([envelope]);
        msg.ack();
        this.hooks.onHandled?.(this.spec.durable, 1, 'ok');
      } catch (err) {
        this.retryLater(msg, envelope, err);
      }
    }
  }

  private retryLater(msg: JsMsg, envelope: Envelope, err: unknown): void {
    const delayMs = Math.min(60_000, 1000 * 2 ** Math.min(msg.info.redeliveryCount, 6));

    this.logger.error(
      { err, durable: this.spec.durable, eventId: envelope.id, type: envelope.type, delayMs },
      'event handler failed; will be redelivered',
    );
    msg.nak(delayMs);
    this.hooks.onHandled?.(this.spec.durable, 1, 'retry');
  }
}

function safeJson(msg: JsMsg): unknown {
  try {
    return msg.json();
  } catch {
    return null;
  }
}
