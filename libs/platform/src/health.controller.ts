import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Metrics } from './metrics';
import { ReadinessRegistry } from './readiness';

/** Liveness, readiness (Postgres, Redis, NATS) and Prometheus metrics. */
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HealthCheck()
  async ready() {
    const { checks } = await this.readiness.run();

    return this.health.check(
      Object.entries(checks).map(([name, state]) => async () => {
        const session = this.indicators.check(name);

        return state === 'up' ? session.up() : session.down({ message: state });
      }),
    );
  }

  @Get('metrics')
  @Header('cache-control', 'no-store')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.registry.metrics();

    await reply.header('content-type', this.metrics.registry.contentType).send(body);
  }
}
