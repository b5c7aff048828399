import { createHash, randomBytes } from 'node:crypto';

/** A new opaque refresh token: 32 random bytes, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a refresh token: its SHA-256, hex. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What presenting a refresh token leads to: a rotation, or a refusal. A token
 * already used means someone holds a copy, so its whole family is revoked.
 */
export type RefreshDecision = 'rotate' | 'reuse' | 'revoked' | 'expired';

export function decideRefresh(token: RefreshTokenState, now: Date): RefreshDecision {
  if (token.revokedAt) {
    return 'revoked';
  }
  if (token.usedAt) {
    return 'reuse';
  }
  if (token.expiresAt.getTime() <= now.getTime()) {
    return 'expired';
  }

  return 'rotate';
}
