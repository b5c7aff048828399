import { auditDetails, isSecretKey, storableString } from './audit-details.redaction';

describe('auditDetails', () => {
  it('removes secret-looking keys at every depth', () => {
    expect(
      auditDetails({
        email: 'a@b.c',
        password: 'p',
        newPassword: 'p',
        nested: { access_token: 't', clientSecret: 's', code: '123456', keep: 1 },
        list: [{ refreshToken: 'r', name: 'n' }],
        apiKey: 'k',
      }),
    ).toEqual({ email: 'a@b.c', nested: { keep: 1 }, list: [{ name: 'n' }] });
  });

  it('keeps ordinary keys', () => {
    for (const key of ['email', 'name', 'changed', 'userId', 'departmentIds', 'postcodeArea']) {
      expect(isSecretKey(key)).toBe(false);
    }
    for (const key of ['otp', 'mfaCode', 'verification_code', 'Authorization', 'privateKey']) {
      expect(isSecretKey(key)).toBe(true);
    }
  });

  it('always gives an object', () => {
    expect(auditDetails(undefined)).toEqual({});
    expect(auditDetails(null)).toEqual({});
    expect(auditDetails([1, 2])).toEqual({ value: [1, 2] });
    expect(auditDetails('x')).toEqual({ value: 'x' });
  });

  it('makes strings storable in Postgres', () => {
    expect(storableString('a\u0000b')).toBe('ab');
    expect(storableString('x\uD800y')).toBe('x\uFFFDy');
    expect(storableString('😀')).toBe('😀');
    expect(auditDetails({ 'k\u0000': 'v\u0000', n: Number.NaN })).toEqual({ k: 'v', n: null });
  });
});
