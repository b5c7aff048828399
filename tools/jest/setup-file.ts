import { randomBytes } from 'node:crypto';

// Every test file gets its own subjects and stream on the shared NATS server,
// set before any module reads it (handler decorators read it on import).
process.env.RIVET_BUS_PREFIX =
  process.env.RIVET_TEST_BUS_PREFIX ?? `t${randomBytes(4).toString('hex')}`;
