import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { BatchImportStack } from '../../../lib/batch-import-stack';
import { newApp } from './app';

/** Building the whole stack takes a few seconds even unbundled: build it once per test file, in `beforeAll`. */
export const BUILD_TIMEOUT_MS = 120_000;

export interface BuiltStack {
  readonly stack: BatchImportStack;
  readonly template: Template;
  /** Logical id of a construct's CloudFormation resource. */
  readonly logicalId: (construct: IConstruct) => string;
}

export function buildStack(): BuiltStack {
  const stack = new BatchImportStack(newApp(), 'BatchImportService', { stackName: 'BatchImportService' });
  return {
    stack,
    template: Template.fromStack(stack),
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}
