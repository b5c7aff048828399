import { applyDecorators, SetMetadata } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RequestContext, RpcDef, rpcSubject, RpcParsedInput } from '@rivet/contracts';

export const RPC_DEF = 'rivet:rpc-def';

/** What a request/reply handler receives once the interceptor has validated it. */
export interface RpcRequest<D extends RpcDef> {
  ctx: RequestContext;
  input: RpcParsedInput<D>;
}

/**
 * Marks a method as the handler of one catalogued endpoint. The subject comes
 * from the catalogue (with the deployment's bus prefix), never from a string.
 */
export function RpcHandler(def: RpcDef): MethodDecorator {
  return applyDecorators(MessagePattern(rpcSubject(def.subject)), SetMetadata(RPC_DEF, def));
}
