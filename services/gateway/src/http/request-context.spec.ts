import { AuthenticatedRequest, REQUEST_CLAIMS } from '@rivet/auth';
import { buildRequestContext, contextOf, requestIdFrom, traceIdFrom } from './request-context';

const tenantId = '6f1c1a52-8d53-4f43-9a43-4a3f0f5d6c11';
const userId = 'b0e6c3a1-5e3b-4e4c-9f0a-7a1f2d3c4b5e';
const claims = { userId, tenantId, memberId: null, sessionId: 's', exp: 1 };

describe('request context', () => {
  it('takes the trace id of a valid traceparent and refuses malformed or all-zero ones', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    expect(traceIdFrom(traceparent)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdFrom('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdFrom('garbage')).toBeNull();
    expect(traceIdFrom(undefined)).toBeNull();
  });

  it('keeps a sane x-request-id and ignores anything else', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    expect(requestIdFrom('has spaces')).toBeNull();
    expect(requestIdFrom('x'.repeat(200))).toBeNull();
    expect(requestIdFrom(undefined)).toBeNull();
  });

  it('makes an anonymous actor without claims and a user actor in its tenant with them', () => {
    const base = { requestId: 'r', ip: '203.0.113.9', traceId: 't' };

    expect(buildRequestContext({ ...base, claims: null })).toEqual({
      tenantId: null,
      actor: { type: 'anonymous', id: null, ip: '203.0.113.9' },
      requestId: 'r',
      traceId: 't',
    });
    expect(buildRequestContext({ ...base, claims })).toEqual({
      tenantId,
      actor: { type: 'user', id: userId, ip: '203.0.113.9' },
      requestId: 'r',
      traceId: 't',
    });
  });

  it('gives one request the same trace id every time it is asked', () => {
    const request: AuthenticatedRequest = { headers: {}, id: 'req-9', ip: '10.0.0.1' };
    const first = contextOf(request);

    request[REQUEST_CLAIMS] = claims;
    const second = contextOf(request);

    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).toBe(first.traceId);
    expect(second.tenantId).toBe(tenantId);
    expect(second.requestId).toBe('req-9');
  });
});
