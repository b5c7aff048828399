import { z } from 'zod';
import { ConfigError, describeConfig, loadConfig } from './config';

describe('loadConfig', () => {
  const schema = z.object({
    PORT: z.coerce.number().int(),
    NATS_TOKEN: z.string().min(20),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int(),
  });

  it('reports every problem at once, masking secret values', () => {
    let error: ConfigError | null = null;

    try {
      loadConfig(schema, { PORT: 'eighty', NATS_TOKEN: 'short-secret' });
    } catch (err) {
      error = err as ConfigError;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toContain('PORT ("eighty")');
    expect(error!.message).toContain('NATS_TOKEN (***)');
    expect(error!.message).not.toContain('short-secret');
    expect(error!.message).toContain('ACCESS_TOKEN_TTL_SECONDS (unset)');
  });

  it('masks secrets and URL passwords when describing, and nothing else', () => {
    const shown = describeConfig({
      NATS_TOKEN: 'abc',
      DATABASE_URL: 'postgres://rivet:hunter2@db:5432/rivet',
      ACCESS_TOKEN_TTL_SECONDS: 900,
    });

    expect(shown).toEqual({
      NATS_TOKEN: '***',
      DATABASE_URL: 'postgres://rivet:***@db:5432/rivet',
      ACCESS_TOKEN_TTL_SECONDS: 900,
    });
  });
});
