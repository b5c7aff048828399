import { buildEnvelope, Envelope, eventSubject, EventDef, NewEvent } from '@rivet/contracts';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

/**
 * Collects the events of one transaction and writes them to the outbox
 * before it commits. Handed to service code inside a unit of work.
 */
export class EventCollector {
  private readonly pending: Envelope[] = [];

  emit<S extends z.ZodTypeAny>(def: EventDef<S>, event: NewEvent<S>): Envelope<z.output<S>> {
    const envelope = buildEnvelope(def, event);

    this.pending.push(envelope);

    return envelope;
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes the collected events in emission order, so the relay publishes them in that order. */
  async flush(manager: EntityManager): Promise<number> {
    if (this.pending.length === 0) {
      return 0;
    }
    // One statement per thousand events (an import batch emits hundreds at
    // once), inserted in emission order so that seq keeps it.
    for (let i = 0; i < this.pending.length; i += 1000) {
      const chunk = this.pending.slice(i, i + 1000);

      await manager.query(
        `INSERT INTO outbox_events (id, subject, envelope)
         SELECT id, subject, envelope
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[])
                WITH ORDINALITY AS e(id, subject, envelope, n)
          ORDER BY n`,
        [
          chunk.map((e) => e.id),
          chunk.map((e) => eventSubject(e.type)),
          chunk.map((e) => JSON.stringify(e)),
        ],
      );
    }
    const written = this.pending.length;

    this.pending.length = 0;

    return written;
  }
}
