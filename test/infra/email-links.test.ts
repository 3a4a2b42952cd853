import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { BatchImportStack, PUBLIC_BASE_URL_ENV } from '../../lib/batch-import-stack';
import { newApp } from './support/app';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }>;

/** Every resource a value points at: Ref, Fn::GetAtt and the `${Name}` / `${Name.Attr}` of Fn::Sub. */
function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencesIn(item, found));
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt') found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9]+)?\}/g)) found.add(match[1]!);
        if (Array.isArray(inner)) referencesIn(inner[1], found);
      } else referencesIn(inner, found);
    }
  }
  return found;
}

/** A cycle among the template's resources, as CloudFormation would find it at deploy time (cdk synth does not look). */
function findCycle(resources: Resources): string[] | null {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = referencesIn(resource.Properties);
    for (const dependency of [resource.DependsOn ?? []].flat()) targets.add(dependency);
    edges.set(id, [...targets].filter((target) => target in resources));
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

function environmentOf(built: BuiltStack, fn: lambda.IFunction): Record<string, unknown> {
  const resource = built.template.toJSON().Resources[built.logicalId(fn)] as { Properties: { Environment?: { Variables?: Record<string, unknown> } } };
  return resource.Properties.Environment?.Variables ?? {};
}

/** The functions that can end a run or send the sampling-failed email: they send the alerts. */
function emailingFunctions(stack: BatchImportStack): Record<string, lambda.IFunction> {
  // The run-ended consumer sends the run and halt emails; the import jobs function the sampling-failed one.
  return {
    runEnded: stack.runEnded.function,
    'api importJobs': stack.api.functions.importJobs,
  };
}

describe('Stack: the base URL of the emails\' dashboard links (PUBLIC_BASE_URL)', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  it('gives every function that sends email the HTTP API\'s own URL by default', () => {
    // Arrange
    const api = built.logicalId(built.stack.api.httpApi);
    // Act
    const values = Object.entries(emailingFunctions(built.stack)).map(([name, fn]) => [name, environmentOf(built, fn)[PUBLIC_BASE_URL_ENV]]);
    // Assert
    expect(values).toHaveLength(2);
    for (const [name, value] of values) expect([name, value]).toEqual([name, { 'Fn::GetAtt': [api, 'ApiEndpoint'] }]);
  });

  it('gives it to no function that sends no email', () => {
    expect(environmentOf(built, built.stack.api.functions.uploads)[PUBLIC_BASE_URL_ENV]).toBeUndefined();
    expect(environmentOf(built, built.stack.workers.reportBuilder)[PUBLIC_BASE_URL_ENV]).toBeUndefined();
    // Functions that end runs no longer send the run's email themselves.
    for (const fn of [built.stack.workers.splitter, built.stack.workers.chunkProcessor, built.stack.leaseSweeper.function, built.stack.api.functions.control]) {
      expect(environmentOf(built, fn)[PUBLIC_BASE_URL_ENV]).toBeUndefined();
    }
  });

  it('leaves no dependency cycle in the template, although functions behind the API\'s routes take the API\'s URL', () => {
    // Arrange
    const resources = built.template.toJSON().Resources as Resources;
    // Act / Assert
    expect(findCycle(resources)).toBeNull();
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const resources: Resources = {
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Target: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { URL: { 'Fn::Sub': 'https://${Api}.example' } } } } },
      Other: { Type: 'AWS::SQS::Queue', DependsOn: 'Api' },
    };
    expect(findCycle(resources)).toEqual(['Api', 'Fn', 'Api']);
  });
});

describe('Stack: the publicBaseUrl prop', () => {
  it('puts a custom domain in every emailing function\'s PUBLIC_BASE_URL', () => {
    // Act
    const stack = new BatchImportStack(newApp(), 'BatchImportService', { publicBaseUrl: 'https://imports.example.org/' });
    const built: BuiltStack = { stack, template: Template.fromStack(stack), logicalId: (c) => stack.getLogicalId(c.node.defaultChild as CfnElement) };
    // Assert
    for (const fn of Object.values(emailingFunctions(stack))) expect(environmentOf(built, fn)[PUBLIC_BASE_URL_ENV]).toBe('https://imports.example.org/');
  }, BUILD_TIMEOUT_MS);

  it.each(['imports.example.org', 'http://imports.example.org', 'https://imports.example.org/?a=1'])('refuses %s', (value) => {
    expect(() => new BatchImportStack(newApp(), 'BatchImportService', { publicBaseUrl: value })).toThrow(/publicBaseUrl must be/);
  });
});
