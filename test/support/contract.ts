import { ErrorBody } from '../../functions/contract/answers';
import type { RouteAnswer } from '../../functions/contract/route-definition';
import { createRouteMatcher } from '../../functions/contract/route-matcher';
import { ROUTE_TABLE, type Route } from '../../functions/contract/routes';

/**
 * The contract check of every answer the tests get from the service: the request finds its route in the route
 * table (by method and path, as API Gateway matches it), and the answer's status must be one the route declares,
 * with a body its schema accepts. The OpenAPI document is generated from the same schemas, so an answer that
 * passes here is one the document describes. Requests no route has must get the `$default` route's 404/405.
 */
const matcher = createRouteMatcher(ROUTE_TABLE);

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** The route of a request, or undefined when none has it (the `$default` route answers). */
export function routeOf(method: string, url: string): Route | undefined {
  return matcher.match(method.toUpperCase(), new URL(url).pathname)?.route;
}

/** Checks one answer; throws a ContractViolation that names the route, the status and what is wrong. */
export async function checkAnswer(method: string, url: string, response: Response): Promise<void> {
  const route = routeOf(method, url);
  const where = `${method.toUpperCase()} ${new URL(url).pathname}`;
  if (!route) {
    // The $default route: 404 ROUTE_NOT_FOUND or 405 METHOD_NOT_ALLOWED, in the error body.
    if (response.status !== 404 && response.status !== 405) throw new ContractViolation(`${where} matches no route but answered ${response.status}`);
    await checkJson(where, response, ErrorBody);
    return;
  }
  const answer = (route.answers as Readonly<Record<number, RouteAnswer>>)[response.status];
  if (!answer) {
    throw new ContractViolation(
      `${route.operationId} (${where}) answered ${response.status}, which the route table does not declare (it declares ${Object.keys(route.answers).join(', ')})`,
    );
  }
  if ('json' in answer) {
    await checkJson(`${route.operationId} ${response.status}`, response, answer.json);
  } else if ('redirect' in answer) {
    if (!response.headers.get('location')) throw new ContractViolation(`${route.operationId} answered ${response.status} without a Location`);
  } else {
    const type = response.headers.get('content-type') ?? '';
    if (route.operationId === 'getApiReference' && !type.startsWith(answer.mediaType)) {
      throw new ContractViolation(`${route.operationId} answered ${type}, not ${answer.mediaType}`);
    }
  }
}

async function checkJson(what: string, response: Response, schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new ContractViolation(`${what}: content-type ${type || '(none)'}, not application/json`);
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ContractViolation(`${what}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ContractViolation(`${what}: the body does not match its schema: ${JSON.stringify((parsed.error as { issues?: unknown }).issues)}\n${text.slice(0, 500)}`);
  }
}

/** A CSV download (what a 303 of the failure reports leads to): text/csv, a header row. */
export async function checkCsvDownload(response: Response): Promise<void> {
  if (response.status !== 200) throw new ContractViolation(`the CSV download answered ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/csv')) throw new ContractViolation(`the CSV download is ${type || '(no content-type)'}, not text/csv`);
}
