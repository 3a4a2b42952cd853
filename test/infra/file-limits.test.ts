import { Match, Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { newApp } from './support/app';

function unbundledStack(props: ConstructorParameters<typeof BatchImportStack>[2] = {}) {
  const base = newApp();
  const app = new App({ context: { ...base.node.getAllContext(), 'aws:cdk:bundling-stacks': [] } });
  return new BatchImportStack(app, 'BatchImportService', props);
}

describe('Stack: file limits', () => {
  it('hands fileLimits to every function as MAX_COLUMNS, MAX_ROW_BYTES and MAX_JSON_DEPTH', () => {
    const template = Template.fromStack(unbundledStack({ fileLimits: { maxColumns: 500, maxRowBytes: 300_000, maxJsonDepth: 16 } }));
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'batch-import' } } },
    });
    expect(Object.keys(functions).length).toBeGreaterThan(3);
    for (const fn of Object.values(functions) as Array<{ Properties: { Environment: { Variables: Record<string, unknown> } } }>) {
      expect(fn.Properties.Environment.Variables).toMatchObject({ MAX_COLUMNS: '500', MAX_ROW_BYTES: '300000', MAX_JSON_DEPTH: '16' });
    }
  });

  it('leaves them to the functions’ defaults when unset', () => {
    const template = Template.fromStack(unbundledStack());
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { MAX_COLUMNS: Match.anyValue() } } } })).toEqual({});
  });

  it.each([0, -1, 2.5])('refuses a limit of %p', (maxColumns) => {
    expect(() => unbundledStack({ fileLimits: { maxColumns } })).toThrow(/fileLimits \(MAX_COLUMNS\) must be a positive integer/);
  });
});
