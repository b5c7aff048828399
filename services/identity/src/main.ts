import { bootstrapService, exitOnStartupFailure } from '@rivet/bus';
import { createLogger, loadConfig } from '@rivet/platform';
import { AppModule } from './app.module';
import { identityConfigSchema } from './config';

const config = loadConfig(identityConfigSchema);
const logger = createLogger('identity', config.LOG_LEVEL);

bootstrapService({
  service: 'identity',
  module: AppModule.register(config, logger),
  config,
  logger,
  httpPort: config.HTTP_PORT,
}).catch(exitOnStartupFailure(logger));
