import { z } from 'zod';
import { Permission } from './permissions';

/**
 * A request/reply endpoint: its subject (`<service>.<noun>.<verb>`) and the
 * schemas of what goes in and comes back. The caller validates the request
 * before sending it, the handler validates it again on receipt.
 */
export interface RpcDef<
  I extends z.ZodTypeAny = z.ZodTypeAny,
  O extends z.ZodTypeAny = z.ZodTypeAny,
> {
  readonly subject: string;
  readonly input: I;
  readonly output: O;
  /**
   * The permission a user must hold in the request's tenant. Services check it
   * again on receipt, whatever the gateway decided; none means the handler
   * decides on its own (public or self-service endpoints).
   */
  readonly permission?: Permission;
}

export function defineRpc<I extends z.ZodTypeAny, O extends z.ZodTypeAny>(
  subject: string,
  input: I,
  output: O,
  options: { permission?: Permission } = {},
): RpcDef<I, O> {
  return { subject, input, output, permission: options.permission };
}

export type RpcInput<D> = D extends RpcDef<infer I, z.ZodTypeAny> ? z.input<I> : never;
export type RpcParsedInput<D> = D extends RpcDef<infer I, z.ZodTypeAny> ? z.output<I> : never;
export type RpcOutput<D> = D extends RpcDef<z.ZodTypeAny, infer O> ? z.output<O> : never;

/** Cursor pagination, shared by every list. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const emptySchema = z.object({}).passthrough();
