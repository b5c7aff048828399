import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { problemOf } from './problem';

/** Answers every failed request with an `application/problem+json` document. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const instance = request.url.split('?')[0];
    const problem = problemOf(err, instance, String(request.id));

    if (problem.unexpected) {
      this.logger.error(
        { err, requestId: request.id, method: request.method, path: instance },
        'request failed',
      );
    }
    if (reply.sent) {
      return;
    }
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .type('application/problem+json')
      .send(JSON.stringify(problem.body));
  }
}
