import { RpcPermissionGuard } from '@rivet/auth';
import { bootstrapService, exitOnStartupFailure } from '@rivet/bus';
import { createLogger, loadConfig } from '@rivet/platform';
import { AppModule } from './app.module';
import { auditConfigSchema } from './config';

const config = loadConfig(auditConfigSchema);
const logger = createLogger('audit', config.LOG_LEVEL);

bootstrapService({
  service: 'audit',
  module: AppModule.register(config, logger),
  config,
  logger,
  httpPort: config.HTTP_PORT,
  rpcGuards: [RpcPermissionGuard],
}).catch(exitOnStartupFailure(logger));
