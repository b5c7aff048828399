export const NATS_CONNECTION = Symbol('rivet:nats-connection');
export const JETSTREAM = Symbol('rivet:jetstream');
export const JETSTREAM_MANAGER = Symbol('rivet:jetstream-manager');
export const EVENT_STREAM = Symbol('rivet:event-stream');
