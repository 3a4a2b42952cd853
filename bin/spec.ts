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

/** `--out DIR` writes both files into DIR instead (the staleness test compares them with the checked-in ones). */
async function main(argv: readonly string[]): Promise<void> {
  const out = argv[0] === '--out' ? argv[1] : undefined;
  const specFile = out ? path.join(out, 'openapi.json') : SPEC_FILE;
  const typesFile = out ? path.join(out, 'schema.d.ts') : CLIENT_TYPES_FILE;
  const document = renderOpenApiDocument();
  writeFileSync(specFile, document);
  writeFileSync(typesFile, await renderClientTypes(document));
  process.stdout.write(`wrote ${path.relative(process.cwd(), specFile)} and ${path.relative(process.cwd(), typesFile)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
