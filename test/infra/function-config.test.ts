import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { z } from 'zod';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { ServiceFunction } from '../../lib/constructs/service-function';
import { CONFIG_BY_FUNCTION_ID, loadConfig } from '../../functions/config';
import { newApp } from './support/app';

/** What Lambda's runtime sets in every function's environment itself (the template does not carry it). */
const RUNTIME_ENV = { AWS_REGION: 'eu-west-1' };

/**
 * Values a token (a queue's URL, a role's ARN, …) resolves to at deploy time, of each kind the schemas check: each
 * variable whose value is a token gets the first one its function's schema accepts. A token no stand-in fits is a
 * variable whose kind the schema does not expect (a queue ARN where a URL belongs).
 */
const STAND_INS = [
  'stand-in-name',
  'https://sqs.eu-west-1.amazonaws.com/123456789012/stand-in',
  'https://abc123.execute-api.eu-west-1.amazonaws.com',
  'arn:aws:lambda:eu-west-1:123456789012:function:stand-in',
  'arn:aws:iam::123456789012:role/stand-in',
  'arn:aws:sqs:eu-west-1:123456789012:stand-in',
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:stand-in-AbC123',
];

interface DeployedFunction {
  readonly id: string;
  /** Literal values as they are; tokens (Ref, Fn::GetAtt, …) as undefined. */
  readonly literals: Record<string, string>;
  readonly tokens: readonly string[];
}

function deployedFunctions(stack: Stack): DeployedFunction[] {
  const template = Template.fromStack(stack);
  const resources = template.findResources('AWS::Lambda::Function');
  return stack.node
    .findAll()
    .filter((construct): construct is ServiceFunction => construct instanceof ServiceFunction)
    .map((service) => {
      const logicalId = stack.getLogicalId(service.function.node.defaultChild as CfnFunction);
      const variables = (resources[logicalId]?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      const literals: Record<string, string> = {};
      const tokens: string[] = [];
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === 'string') literals[name] = value;
        else tokens.push(name);
      }
      return { id: service.node.id, literals, tokens };
    });
}

/** The first stand-in for `variable` that leaves the schema no complaint about it. */
function standIn(schema: z.ZodType<unknown, Record<string, string>>, env: Record<string, string>, variable: string): string | undefined {
  return STAND_INS.find((value) => {
    const parsed = schema.safeParse({ ...env, [variable]: value });
    return parsed.success || !parsed.error.issues.some((issue) => issue.path[0] === variable);
  });
}

/** Parses a deployed function's environment with its schema: what its cold start would throw, or undefined. */
function coldStartError(fn: DeployedFunction): string | undefined {
  const schema = CONFIG_BY_FUNCTION_ID[fn.id];
  if (!schema) return `${fn.id} has no configuration schema (functions/config/function-configs.ts)`;
  const env: Record<string, string> = { ...RUNTIME_ENV, ...fn.literals };
  for (const variable of fn.tokens) {
    const value = standIn(schema, env, variable);
    if (value === undefined) return `${fn.id}: ${variable} is a token of a kind its schema refuses`;
    env[variable] = value;
  }
  try {
    loadConfig(schema, env);
    return undefined;
  } catch (error) {
    return `${fn.id}: ${(error as Error).message}`;
  }
}

describe('Stack: every function gets the configuration its schema requires', () => {
  const stack = new BatchImportStack(newApp(), 'BatchImportService');
  const functions = deployedFunctions(stack);

  it('finds every function of the service, each with a schema', () => {
    expect(functions.map((fn) => fn.id).sort()).toEqual(Object.keys(CONFIG_BY_FUNCTION_ID).sort());
  });

  it('starts each function with the environment the stack gives it', () => {
    expect(functions.map(coldStartError).filter((error) => error !== undefined)).toEqual([]);
  });

  it('would catch a variable missing from a function (REPORTS_QUEUE_URL from the run-ended consumer)', () => {
    const consumer = functions.find((fn) => fn.id === 'RunEndedFunction')!;
    const withoutReports = { ...consumer, tokens: consumer.tokens.filter((variable) => variable !== 'REPORTS_QUEUE_URL') };
    expect(coldStartError(withoutReports)).toMatch(/RunEndedFunction: .*REPORTS_QUEUE_URL: required, but not set/);
  });

  it('would catch a bad literal (the mail sender)', () => {
    const consumer = functions.find((fn) => fn.id === 'RunEndedFunction')!;
    expect(coldStartError({ ...consumer, literals: { ...consumer.literals, SES_FROM_ADDRESS: 'alerts' } })).toMatch(/SES_FROM_ADDRESS/);
  });
});
