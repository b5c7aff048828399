import { Envelope } from '@rivet/contracts';
import { EntityManager } from 'typeorm';

/**
 * Records that `consumer` applied `event`, in the caller's transaction.
 * Returns false when it had already been applied: the caller then skips it.
 */
export async function markProcessed(
  manager: EntityManager,
  consumer: string,
  event: Envelope,
): Promise<boolean> {
  const rows = (await manager.query(
    `INSERT INTO processed_events (consumer, event_id, tenant_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, event.id, event.tenantId],
  )) as unknown[];

  return rows.length === 1;
}
