import { TOKEN_ALGORITHM, TokenVerifier } from '@rivet/auth';
import { exportJWK, generateKeyPair } from 'jose';
import { TokenIssuer } from './token-issuer';

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };

  return { privateKey, jwk };
}

const subject = {
  userId: '0d4f7a8e-1c2b-4b5a-9e3d-2f1a0b9c8d7e',
  tenantId: '6f1c1a52-8d53-4f43-9a43-4a3f0f5d6c11',
  memberId: 'a3b2c1d0-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  sessionId: 'c7d6e5f4-a3b2-4c1d-9e0f-1a2b3c4d5e6f',
};

describe('TokenIssuer', () => {
  it('issues tokens the shared verifier accepts, with every claim', async () => {
    const { privateKey, jwk } = await keyPair('k1');
    const issuer = new TokenIssuer({ kid: 'k1', privateKey }, 900);
    const verifier = new TokenVerifier(async () => ({ keys: [jwk] }));
    const before = Math.floor(Date.now() / 1000);
    const claims = await verifier.verify(await issuer.issue(subject));

    expect(claims).toMatchObject(subject);
    expect(claims!.exp).toBeGreaterThanOrEqual(before + 900);
    expect(claims!.exp).toBeLessThanOrEqual(before + 901);
  });

  it('issues tokens that a verifier holding another key refuses', async () => {
    const signer = await keyPair('k1');
    const other = await keyPair('k1');
    const issuer = new TokenIssuer({ kid: 'k1', privateKey: signer.privateKey }, 900);
    const verifier = new TokenVerifier(async () => ({ keys: [other.jwk] }));

    expect(await verifier.verify(await issuer.issue(subject))).toBeNull();
  });

  it('issues tokens that are refused once expired', async () => {
    const { privateKey, jwk } = await keyPair('k1');
    const issuer = new TokenIssuer({ kid: 'k1', privateKey }, 60);
    const verifier = new TokenVerifier(async () => ({ keys: [jwk] }));
    const token = await issuer.issue(subject, new Date(Date.now() - 120_000));

    expect(await verifier.verify(token)).toBeNull();
  });

  it('keeps a null member id for accounts without a member', async () => {
    const { privateKey, jwk } = await keyPair('k2');
    const issuer = new TokenIssuer({ kid: 'k2', privateKey }, 900);
    const verifier = new TokenVerifier(async () => ({ keys: [jwk] }));
    const claims = await verifier.verify(await issuer.issue({ ...subject, memberId: null }));

    expect(claims?.memberId).toBeNull();
  });
});
