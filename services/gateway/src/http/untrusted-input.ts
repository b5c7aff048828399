import { RivetError, RpcDef, RpcInput } from '@rivet/contracts';

/**
 * Hands a body or query string to a bus call as it came. The bus client
 * validates it against the catalogue before sending (coercing query strings)
 * and answers `validation_failed` with every bad field, so the gateway does
 * not check it twice.
 */
export function asInput<D extends RpcDef>(_def: D, value: unknown): RpcInput<D> {
  return (value ?? {}) as RpcInput<D>;
}

/** The JSON body as an object to merge path parameters into; anything else is a 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) {
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw RivetError.validation([{ field: '(body)', message: 'expected a JSON object' }]);
  }

  return body as Record<string, unknown>;
}
