import { randomBytes, randomUUID } from 'node:crypto';
import { RequestContext, SYSTEM_ACTOR } from '@rivet/contracts';

/** The context of a request a service makes on its own behalf, outside any tenant. */
export function systemContext(service: string): RequestContext {
  return {
    tenantId: null,
    actor: SYSTEM_ACTOR(service),
    requestId: randomUUID(),
    traceId: randomBytes(16).toString('hex'),
  };
}
