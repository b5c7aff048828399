/**
 * Field names whose values never enter the audit log, compared lower-cased
 * without `-` and `_`. Events must not carry secrets in the first place; this
 * is the second line. `code` covers one-time codes (and, by name alone, also
 * drops any other field called `code`).
 */
const SECRET_KEY = new RegExp(
  [
    'password|passwd|passphrase|secret|token|apikey|privatekey|authorization|cookie',
    '^(otp|totp|mfa|auth|verification|onetime)?code$',
    '^otp$',
    '^pin$',
  ].join('|'),
);

// Postgres text and jsonb reject NUL characters and unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** A string Postgres stores as given: NULs removed, unpaired surrogates replaced. */
export function storableString(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of a JSON value that Postgres stores and returns unchanged: strings
 * made storable, non-finite numbers as null (as JSON.stringify does), and,
 * when `redact` is set, secret-looking keys removed at every depth.
 */
export function storableJson(value: unknown, redact: boolean): unknown {
  if (typeof value === 'string') {
    return storableString(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (value === null || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => storableJson(v, redact) ?? null);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};

    for (const [key, v] of Object.entries(value)) {
      const cleaned = redact && isSecretKey(key) ? undefined : storableJson(v, redact);

      if (cleaned !== undefined) {
        out[storableString(key)] = cleaned;
      }
    }

    return out;
  }

  return undefined;
}

/** The `details` of an audit row from an event's payload: always an object, secrets removed. */
export function auditDetails(data: unknown): Record<string, unknown> {
  const cleaned = storableJson(data, true);

  if (cleaned === undefined || cleaned === null) {
    return {};
  }
  if (typeof cleaned === 'object' && !Array.isArray(cleaned)) {
    return cleaned as Record<string, unknown>;
  }

  return { value: cleaned };
}
