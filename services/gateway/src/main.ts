import { exitOnStartupFailure } from '@rivet/bus';
import { createLogger, loadConfig } from '@rivet/platform';
import { gatewayConfigSchema } from './config';
import { startGateway } from './gateway';

const config = loadConfig(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);

startGateway(config, logger).catch(exitOnStartupFailure(logger));
