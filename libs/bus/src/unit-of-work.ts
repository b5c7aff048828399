import { Inject, Injectable } from '@nestjs/common';
import { inTenant, TenantTx } from '@rivet/database';
import { DataSource } from 'typeorm';
import { EventCollector } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** A tenant transaction that may also emit domain events. */
export interface EventfulTx extends TenantTx {
  readonly events: EventCollector;
}

/**
 * Runs a change and the events describing it in one Postgres transaction:
 * both commit or neither does. The relay is woken once the commit is done.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async run<T>(tenantId: string, work: (tx: EventfulTx) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await inTenant(this.dataSource, tenantId, async (tx) => {
      const events = new EventCollector();
      const value = await work({ ...tx, events });

      emitted = await events.flush(tx.manager);

      return value;
    });

    if (emitted > 0) {
      this.relay.wake();
    }

    return result;
  }
}
