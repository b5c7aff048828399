import 'reflect-metadata';
import { bootstrapService, exitOnStartupFailure } from '@rivet/bus';
import { createLogger, loadConfig } from '@rivet/platform';
import { AppModule } from './app.module';
import { orgConfigSchema } from './config';

const config = loadConfig(orgConfigSchema);
const logger = createLogger('org', config.LOG_LEVEL);

bootstrapService({
  service: 'org',
  module: AppModule.register(config, logger),
  config,
  logger,
  httpPort: config.HTTP_PORT,
}).catch(exitOnStartupFailure(logger));
