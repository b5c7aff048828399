import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import {
  fieldErrorsOf,
  requestContextSchema,
  RivetError,
  RpcDef,
  WireError,
} from '@rivet/contracts';
import { Metrics } from '@rivet/platform';
import type { Logger } from 'pino';
import { catchError, defer, Observable, tap, throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { RPC_DEF } from './rpc-handler.decorator';

/**
 * Wraps every request/reply handler: validates the context and the input
 * against the catalogue, turns any failure into a wire error with its code,
 * and writes one log line and one metric sample per request.
 */
@Injectable()
export class RpcInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') {
      return next.handle();
    }
    const def = this.reflector.get<RpcDef | undefined>(RPC_DEF, context.getHandler());
    const started = process.hrtime.bigint();
    const raw = context.switchToRpc().getData() as { ctx?: unknown; data?: unknown } | undefined;
    const ctx = requestContextSchema.safeParse(raw?.ctx);
    const subject = def?.subject ?? 'unknown';
    // Plain fields rather than a child logger: a child per request costs more
    // than the request itself on a hot path.
    const ids = {
      subject,
      tenantId: ctx.success ? ctx.data.tenantId : null,
      requestId: ctx.success ? ctx.data.requestId : null,
      traceId: ctx.success ? ctx.data.traceId : null,
    };
    const finish = (outcome: string) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;

      this.metrics.rpcDuration.observe({ subject, outcome }, seconds);
      if (this.logger.isLevelEnabled('info')) {
        this.logger.info({ ...ids, outcome, ms: Math.round(seconds * 10_000) / 10 }, 'rpc handled');
      }
    };

    return defer(() => {
      if (!def) {
        throw new RivetError('internal', 'handler is not registered in the catalogue');
      }
      if (!ctx.success) {
        throw new RivetError('validation_failed', 'request context is malformed');
      }
      const input = def.input.safeParse(raw?.data ?? {});

      if (!input.success) {
        throw RivetError.validation(fieldErrorsOf(input.error.issues));
      }
      context.getArgs()[0] = { ctx: ctx.data, input: input.data };

      return next.handle();
    }).pipe(
      tap(() => finish('ok')),
      catchError((err: unknown) => {
        const wire = toWireError(err);

        if (wire.code === 'internal') {
          this.logger.error({ ...ids, err }, 'rpc handler failed');
        }
        finish(wire.code);

        return throwError(() => new RpcException(wire));
      }),
    );
  }
}

/** Maps anything a handler throws to an error that keeps its code across NATS. */
export function toWireError(err: unknown): WireError {
  if (err instanceof RivetError) {
    return err.toWire();
  }
  if (err instanceof QueryFailedError) {
    const code = (err.driverError as { code?: string } | undefined)?.code;

    if (code === '23505') {
      return { code: 'conflict', detail: 'a record with the same unique value already exists' };
    }
    if (code === '23503') {
      return {
        code: 'conflict',
        detail: 'the record is still referenced, or refers to a missing one',
      };
    }
    if (code === '22021' || code === '22P05') {
      return {
        code: 'validation_failed',
        detail: 'text contains a character that cannot be stored (NUL)',
      };
    }
    if (code === '22P02' || code === '22007' || code === '22008') {
      return { code: 'validation_failed', detail: 'a value is not of the expected type' };
    }
    if (code === '40P01' || code === '40001') {
      return {
        code: 'conflict',
        detail: 'a concurrent change conflicted with this one; try again',
      };
    }
  }

  return { code: 'internal', detail: 'an internal error occurred' };
}
