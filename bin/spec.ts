import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderClientTypes } from '../client/generate-types';
import { renderOpenApiDocument } from '../functions/contract/openapi';

/**
 * `npm run spec`: writes the OpenAPI document of the route table to openapi.json and the typed client's types to
 * client/schema.d.ts. Tests fail while either is stale (test/unit/contract/generated-files.test.ts).
 */
export const SPEC_FILE = path.join(__dirname, '..', 'openapi.json');
export const CLIENT_TYPES_FILE = path.join(__dirname, '..', 'client', 'schema.d.ts');

async function main(): Promise<void> {
  const document = renderOpenApiDocument();
  writeFileSync(SPEC_FILE, document);
  writeFileSync(CLIENT_TYPES_FILE, await renderClientTypes(document));
  process.stdout.write(`wrote ${path.relative(process.cwd(), SPEC_FILE)} and ${path.relative(process.cwd(), CLIENT_TYPES_FILE)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
