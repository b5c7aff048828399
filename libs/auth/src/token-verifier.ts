import { createLocalJWKSet, errors, JSONWebKeySet, jwtVerify } from 'jose';
import { AccessClaims, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './claims';

export type KeyLoader = () => Promise<JSONWebKeySet>;

export interface TokenVerifierOptions {
  /** Verified tokens kept in memory, at most. Default 50 000. */
  cacheSize?: number;
  /** Shortest pause between two key reloads caused by unknown key ids, in milliseconds. Default 5 s. */
  reloadCooldownMs?: number;
}

/**
 * Verifies access tokens against identity's published keys, locally: keys are
 * loaded once and reloaded only when a token names a key id not seen yet.
 * Verified tokens are cached until they expire, so a busy client costs one
 * signature check per token, not per request.
 */
export class TokenVerifier {
  private keySet: ReturnType<typeof createLocalJWKSet> | null = null;
  private knownKids = new Set<string>();
  private lastLoad = 0;
  private loading: Promise<void> | null = null;
  private readonly cache = new Map<string, AccessClaims>();
  private readonly cacheSize: number;
  private readonly reloadCooldownMs: number;

  constructor(
    private readonly loadKeys: KeyLoader,
    options: TokenVerifierOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 50_000;
    this.reloadCooldownMs = options.reloadCooldownMs ?? 5000;
  }

  /** Returns the token's claims, or null when it is invalid or expired. */
  async verify(token: string): Promise<AccessClaims | null> {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(token);

    if (cached) {
      if (cached.exp > now) {
        return cached;
      }
      this.cache.delete(token);

      return null;
    }
    const kid = kidOf(token);

    if (!kid) {
      return null;
    }
    if (!this.knownKids.has(kid)) {
      await this.reload();
      if (!this.knownKids.has(kid) || !this.keySet) {
        return null;
      }
    }
    try {
      const { payload } = await jwtVerify(token, this.keySet!, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: [TOKEN_ALGORITHM],
      });
      const claims = claimsOf(payload);

      if (claims) {
        this.remember(token, claims);
      }

      return claims;
    } catch (err) {
      if (err instanceof errors.JOSEError) {
        return null;
      }
      throw err;
    }
  }

  private remember(token: string, claims: AccessClaims): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;

      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
    this.cache.set(token, claims);
  }

  private async reload(): Promise<void> {
    if (this.loading) {
      return this.loading;
    }
    if (Date.now() - this.lastLoad < this.reloadCooldownMs && this.keySet) {
      return;
    }
    this.loading = (async () => {
      try {
        const jwks = await this.loadKeys();

        this.keySet = createLocalJWKSet(jwks);
        this.knownKids = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => !!k));
        this.lastLoad = Date.now();
      } finally {
        this.loading = null;
      }
    })();

    return this.loading;
  }
}

function kidOf(token: string): string | null {
  const dot = token.indexOf('.');

  if (dot <= 0) {
    return null;
  }
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as {
      kid?: unknown;
    };

    return typeof header.kid === 'string' ? header.kid : null;
  } catch {
    return null;
  }
}

function claimsOf(payload: Record<string, unknown>): AccessClaims | null {
  const { sub, tid, mid, sid, exp } = payload;

  if (
    typeof sub !== 'string' ||
    typeof tid !== 'string' ||
    typeof sid !== 'string' ||
    typeof exp !== 'number'
  ) {
    return null;
  }

  return {
    userId: sub,
    tenantId: tid,
    memberId: typeof mid === 'string' ? mid : null,
    sessionId: sid,
    exp,
  };
}
