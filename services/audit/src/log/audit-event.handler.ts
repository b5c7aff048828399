import { Controller, Inject } from '@nestjs/common';
import { RpcHandler, RpcRequest } from '@rivet/bus';
import { AuditEvent, auditRpc, RequestContext, RivetError, RpcOutput } from '@rivet/contracts';
import { decodeCursor, encodeCursor, inTenant } from '@rivet/database';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventRepository, AuditEventRow } from './audit-event.repository';

/** Reading the audit log: search and integrity verification, in the caller's tenant. */
@Controller()
export class AuditEventHandler {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly events: AuditEventRepository,
    private readonly verifier: AuditChainVerifier,
  ) {}

  @RpcHandler(auditRpc.listEvents)
  async list({
    ctx,
    input,
  }: RpcRequest<typeof auditRpc.listEvents>): Promise<RpcOutput<typeof auditRpc.listEvents>> {
    const tenantId = authorise(ctx);
    const beforeSeq = cursorSeq(input.cursor);
    const rows = await inTenant(this.dataSource, tenantId, (tx) =>
      this.events.list(tx, {
        action: input.action,
        actorId: input.actorId,
        targetId: input.targetId,
        from: input.from,
        to: input.to,
        beforeSeq,
        limit: input.limit + 1,
      }),
    );
    const items = rows.slice(0, input.limit).map(toAuditEvent);
    const last = items[items.length - 1];

    return {
      items,
      nextCursor: rows.length > input.limit && last ? encodeCursor([last.seq]) : null,
    };
  }

  @RpcHandler(auditRpc.verify)
  async verify({
    ctx,
  }: RpcRequest<typeof auditRpc.verify>): Promise<RpcOutput<typeof auditRpc.verify>> {
    return this.verifier.verify(authorise(ctx));
  }
}

/**
 * The tenant whose log the caller may read. The `audit.read` permission is
 * checked before this, by the RpcPermissionGuard from the catalogue entry.
 */
function authorise(ctx: RequestContext): string {
  if (ctx.tenantId === null) {
    throw new RivetError('forbidden', 'the audit log is read within a tenant');
  }
  if (ctx.actor.type === 'anonymous') {
    throw new RivetError('unauthenticated', 'the audit log needs a signed-in caller');
  }

  return ctx.tenantId;
}

function cursorSeq(cursor: string | undefined): number | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  const key = decodeCursor(cursor);
  const seq = key?.[0];

  if (key?.length !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw RivetError.validation([{ field: 'cursor', message: 'is not a cursor of this list' }]);
  }

  return seq;
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.event_id,
    seq: Number(row.seq),
    at: row.at.toISOString(),
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    result: row.result,
    details: row.details,
  };
}
