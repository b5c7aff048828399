import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus registry and the metrics the libraries share. */
export class Metrics {
  readonly registry = new Registry();

  readonly rpcDuration = new Histogram({
    name: 'rivet_rpc_duration_seconds',
    help: 'Time to handle a command or query received over NATS',
    labelNames: ['subject', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'rivet_http_request_duration_seconds',
    help: 'Time to answer an HTTP request at the gateway',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'rivet_outbox_pending',
    help: 'Outbox events committed but not yet published',
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'rivet_outbox_published_total',
    help: 'Outbox events published to JetStream',
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'rivet_events_consumed_total',
    help: 'Domain events handled by a durable consumer',
    labelNames: ['consumer', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'rivet_queue_depth',
    help: 'Jobs waiting in a BullMQ queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
