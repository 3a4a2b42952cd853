import openapiTS, { astToString } from 'openapi-typescript';

/** The header of the generated file: where it comes from and how to remake it. */
const HEADER = `/**
 * Generated from openapi.json by openapi-typescript (npm run spec). Do not edit: change the route table
 * (functions/contract/routes.ts) and run npm run spec again.
 */

`;

/** The `paths`, `components` and `operations` types of the OpenAPI document, as openapi-fetch reads them. */
export async function renderClientTypes(documentJson: string): Promise<string> {
  const ast = await openapiTS(documentJson, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
