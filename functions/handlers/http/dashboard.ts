import { DashboardConfig, loadConfig } from '../../config';
import { asPort, createLogger } from '../../adapters/logger';
import { createDashboardHandler } from './dashboard-handler';
import { defaultDashboardDir, loadDashboardFiles } from './dashboard-files';

// Composition root: the build is read once per cold start. No AWS client: the files are in the bundle.
const config = loadConfig(DashboardConfig);

export const handler = createDashboardHandler({
  logger: asPort(createLogger()),
  files: loadDashboardFiles(config.dashboardDir ?? defaultDashboardDir()),
  storageOrigin: config.storageOrigin,
});
