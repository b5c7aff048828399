import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { RivetError } from '@rivet/contracts';
import { problemOf } from './problem';

describe('problemOf', () => {
  it('maps a RivetError through the status table and keeps its extra members', () => {
    const err = RivetError.validation([{ field: 'creator.email', message: 'Invalid email' }]);
    const problem = problemOf(err, '/api/v1/enterprises', 'req-1');

    expect(problem.status).toBe(400);
    expect(problem.unexpected).toBe(false);
    expect(problem.body).toMatchObject({
      type: 'about:blank',
      title: 'Validation failed',
      status: 400,
      code: 'validation_failed',
      instance: '/api/v1/enterprises',
      requestId: 'req-1',
      errors: [{ field: 'creator.email', message: 'Invalid email' }],
    });
  });

  it('passes an mfaToken through and never lets extra members overwrite the core ones', () => {
    const err = new RivetError('mfa_required', 'a second factor is owed', {
      mfaToken: 'm1',
      status: 200,
      code: 'ok',
    });
    const { body, status } = problemOf(err, '/api/v1/auth/login', 'r');

    expect(status).toBe(401);
    expect(body.status).toBe(401);
    expect(body.code).toBe('mfa_required');
    expect(body.mfaToken).toBe('m1');
  });

  it('gives 429 answers a Retry-After of whole seconds, at least one', () => {
    expect(
      problemOf(new RivetError('rate_limited', 'slow down', { retryAfter: 2.2 }), '/', 'r').headers,
    ).toEqual({ 'retry-after': '3' });
    expect(problemOf(new RivetError('too_many_attempts', 'paused'), '/', 'r').headers).toEqual({
      'retry-after': '1',
    });
    expect(
      problemOf(new RivetError('rate_limited', 'x', { retryAfter: 0 }), '/', 'r').headers,
    ).toEqual({ 'retry-after': '1' });
  });

  it('announces the bearer scheme on 401 and the missing scope on insufficient_scope', () => {
    expect(problemOf(new RivetError('unauthenticated', 'x'), '/', 'r').headers).toEqual({
      'www-authenticate': 'Bearer',
    });
    expect(problemOf(new RivetError('insufficient_scope', 'x'), '/', 'r').headers).toEqual({
      'www-authenticate': 'Bearer error="insufficient_scope"',
    });
  });

  it('maps an unknown route to not_found', () => {
    const { status, body } = problemOf(new NotFoundException('Cannot GET /nope'), '/nope', 'r');

    expect(status).toBe(404);
    expect(body.code).toBe('not_found');
  });

  it('maps malformed JSON and a wrong content type to validation_failed with errors', () => {
    const json = problemOf(new BadRequestException('Unexpected token } in JSON'), '/', 'r');
    const media = problemOf(new HttpException('Unsupported Media Type', 415), '/', 'r');

    expect(json.status).toBe(400);
    expect(json.body.code).toBe('validation_failed');
    expect(json.body.errors).toEqual([{ field: '(body)', message: 'Unexpected token } in JSON' }]);
    expect(media.body.code).toBe('validation_failed');
  });

  it('maps a body over the limit to payload_too_large, from Nest or straight from Fastify', () => {
    const fastifyError = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });

    expect(problemOf(new HttpException('too large', 413), '/', 'r').body.code).toBe(
      'payload_too_large',
    );
    expect(problemOf(fastifyError, '/', 'r').status).toBe(413);
  });

  it('hides anything unexpected behind internal and flags it for the log', () => {
    const problem = problemOf(new TypeError('x is undefined at secret.ts:12'), '/', 'r');

    expect(problem.status).toBe(500);
    expect(problem.unexpected).toBe(true);
    expect(problem.body.code).toBe('internal');
    expect(problem.body.detail).not.toContain('secret');
  });

  it('maps a service that does not answer to 503 unavailable', () => {
    const problem = problemOf(new RivetError('unavailable', 'org.member.get timed out'), '/', 'r');

    expect(problem.status).toBe(503);
    expect(problem.unexpected).toBe(false);
  });
});
