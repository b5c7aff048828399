import { AuthenticatedRequest, claimsOf } from '@rivet/auth';
import { Metrics } from '@rivet/platform';
import type { FastifyInstance } from 'fastify';

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Per-request bookkeeping on the Fastify instance: the request id echoed in
 * `x-request-id`, one duration sample per method, route and status, and one
 * log line per request (probes and scrapes at debug, so they do not drown
 * the rest).
 */
export function installHttpHooks(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    const claims = claimsOf(request as unknown as AuthenticatedRequest);
    const line = {
      method: request.method,
      route,
      path: request.url.split('?')[0],
      status,
      ms: Math.round(ms * 10) / 10,
      ip: request.ip,
      tenantId: claims?.tenantId,
      userId: claims?.userId,
    };

    metrics.httpDuration.observe(
      { method: request.method, route, status: String(status) },
      ms / 1000,
    );
    if (QUIET_ROUTES.has(route)) {
      request.log.debug(line, 'request completed');
    } else {
      request.log.info(line, 'request completed');
    }
    done();
  });
}

/**
 * JSON bodies, where an empty body counts as none: many clients send
 * `content-type: application/json` on a DELETE or a bodiless POST.
 */
export function installJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');

      if (text.trim() === '') {
        done(null, undefined);

        return;
      }
      try {
        done(null, JSON.parse(text) as unknown);
      } catch {
        done(
          Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }),
          undefined,
        );
      }
    },
  );
}
