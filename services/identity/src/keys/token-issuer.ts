import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@rivet/auth';
import { KeyLike, SignJWT } from 'jose';

/** Who an access token is for. */
export interface AccessSubject {
  userId: string;
  tenantId: string;
  memberId: string | null;
  /** The refresh family the token comes from. */
  sessionId: string;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyLike | Uint8Array;
}

/** Signs access tokens with one private key; holds no other state. */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    /** Lifetime of a token, in seconds. */
    readonly ttlSeconds: number,
  ) {}

  async issue(subject: AccessSubject, now: Date = new Date()): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);

    return new SignJWT({ tid: subject.tenantId, mid: subject.memberId, sid: subject.sessionId })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.key.kid, typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key.privateKey);
  }
}
