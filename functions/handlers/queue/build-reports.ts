import { ReportBuilderConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createBuildReportsHandler } from './build-reports-handler';

// Composition root: built once per cold start.
const config = loadConfig(ReportBuilderConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createBuildReportsHandler({ ...adapters, logger: asPort(createLogger()) });
