/** Issuer and audience of Rivet access tokens. */
export const TOKEN_ISSUER = 'rivet-identity';
export const TOKEN_AUDIENCE = 'rivet-api';
/** Signing algorithm of access tokens (Ed25519). */
export const TOKEN_ALGORITHM = 'EdDSA';

/** What an access token says about its bearer. */
export interface AccessClaims {
  /** User (account) id. */
  userId: string;
  tenantId: string;
  memberId: string | null;
  /** The refresh-token family the token was issued from; revoking it ends the session. */
  sessionId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}
