import { BaseConfig } from '@rivet/platform';
import { connect, ConnectionOptions, NatsConnection } from 'nats';

/** Connection options from configuration (servers and credentials). */
export function natsOptions(config: BaseConfig, name: string): ConnectionOptions {
  return {
    servers: config.NATS_URL.split(',').map((s) => s.trim()),
    name,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    token: config.NATS_TOKEN,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  };
}

export async function connectNats(config: BaseConfig, name: string): Promise<NatsConnection> {
  return connect(natsOptions(config, name));
}
