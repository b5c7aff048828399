import { buildEnvelope, Envelope, eventSubject, EventDef, NewEvent } from '@rivet/contracts';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { OutboxEventEntity } from './outbox-event.entity';

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
    const rows = this.pending.map((envelope) => ({
      id: envelope.id,
      subject: eventSubject(envelope.type),
      envelope,
    }));

    for (let i = 0; i < rows.length; i += 1000) {
      await manager.getRepository(OutboxEventEntity).insert(rows.slice(i, i + 1000));
    }
    const written = this.pending.length;

    this.pending.length = 0;

    return written;
  }
}
