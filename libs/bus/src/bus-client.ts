import { ClientProxy } from '@nestjs/microservices';
import {
  fieldErrorsOf,
  isWireError,
  RequestContext,
  RivetError,
  RpcDef,
  RpcInput,
  RpcOutput,
  rpcSubject,
} from '@rivet/contracts';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';

/**
 * Sends catalogued commands and queries over NATS. The input is validated
 * before it leaves and the reply after it arrives; an error reply comes back
 * as the {@link RivetError} the handler threw, code intact.
 */
export class BusClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
  ) {}

  async request<D extends RpcDef>(
    def: D,
    ctx: RequestContext,
    input: RpcInput<D>,
  ): Promise<RpcOutput<D>> {
    const parsed = def.input.safeParse(input);

    if (!parsed.success) {
      throw RivetError.validation(fieldErrorsOf(parsed.error.issues));
    }
    let reply: unknown;

    try {
      reply = await lastValueFrom(
        this.proxy
          .send(rpcSubject(def.subject), { ctx, data: parsed.data })
          .pipe(timeout(this.timeoutMs)),
      );
    } catch (err) {
      throw asRivetError(err, def.subject);
    }

    return def.output.parse(reply) as RpcOutput<D>;
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}

function asRivetError(err: unknown, subject: string): RivetError {
  if (err instanceof RivetError) {
    return err;
  }
  if (isWireError(err)) {
    return RivetError.fromWire(err);
  }
  if (err instanceof TimeoutError) {
    return new RivetError('unavailable', `${subject} did not answer in time`);
  }
  const code = (err as { code?: unknown } | null)?.code;

  if (code === 'MAX_PAYLOAD_EXCEEDED' || (err as Error)?.message === 'MAX_PAYLOAD_EXCEEDED') {
    return new RivetError('payload_too_large', 'the request is larger than the bus accepts');
  }

  if (code === '503' || code === 503) {
    return new RivetError('unavailable', `no service answers ${subject}`);
  }

  return new RivetError(
    'unavailable',
    `${subject} failed: ${(err as Error)?.message ?? String(err)}`,
  );
}
