import { asPort, createLogger } from '../../adapters/logger';
import { createApiDocsHandler } from './api-docs-handler';

// Composition root: no configuration and no AWS client, only the route table and Swagger UI's files.
export const handler = createApiDocsHandler({ logger: asPort(createLogger()) });
