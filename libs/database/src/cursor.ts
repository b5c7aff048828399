/**
 * Opaque cursors for keyset pagination: the sort key of the last row given,
 * base64url-encoded so clients treat it as a token.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor, or returns null when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) {
    return null;
  }
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));

    if (Array.isArray(key) && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key as (string | number)[];
    }
  } catch {
    return null;
  }

  return null;
}

/** Cuts a page from `limit + 1` fetched rows and computes the next cursor. */
export function pageFrom<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => (string | number)[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;

  return { items, nextCursor };
}
