import { decideRefresh, hashRefreshToken, newRefreshToken } from './refresh-token';

const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-01-31T12:00:00Z');
const earlier = new Date('2025-12-31T12:00:00Z');

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, stored as a SHA-256 hex digest', () => {
    const token = newRefreshToken();

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(token);
    expect(hashRefreshToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
  });

  it('rotate when live and unused', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: null, revokedAt: null }, now)).toBe('rotate');
  });

  it('count a second use as reuse, which ends the family', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: earlier, revokedAt: null }, now)).toBe(
      'reuse',
    );
  });

  it('are refused once revoked, even when also used', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: earlier, revokedAt: earlier }, now)).toBe(
      'revoked',
    );
  });

  it('are refused once expired', () => {
    expect(decideRefresh({ expiresAt: now, usedAt: null, revokedAt: null }, now)).toBe('expired');
  });
});
