import 'reflect-metadata';
import { RpcPermissionGuard } from '@rivet/auth';
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
  rpcGuards: [RpcPermissionGuard],
}).catch(exitOnStartupFailure(logger));
