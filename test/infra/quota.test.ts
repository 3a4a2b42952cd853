import { Match, Template } from 'aws-cdk-lib/assertions';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { API_FUNCTIONS } from '../../lib/resources';
import { newApp } from './support/app';

/** The stack as the template tests build it: newApp() leaves bundling off. */
function unbundledStack(props: ConstructorParameters<typeof BatchImportStack>[2] = {}) {
  return new BatchImportStack(newApp(), 'BatchImportService', props);
}

describe('Stack: monthly quota (§9)', () => {
  it('routes GET and PUT /batch-import/quota to the quota function', () => {
    // Arrange
    const stack = unbundledStack();
    const template = Template.fromStack(stack);
    const integrationOf = (routeKey: string) => {
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
      expect(routes).toHaveLength(1);
      return (routes[0] as { Properties: { Target: unknown } }).Properties.Target;
    };
    // Assert
    expect(integrationOf('GET /batch-import/quota')).toEqual(integrationOf('PUT /batch-import/quota'));
    const fn = stack.api.functions.quota;
    expect(stack.getLogicalId(fn.node.defaultChild as never)).toContain(API_FUNCTIONS.quota.id);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: stack.resolve(fn.functionArn),
      PayloadFormatVersion: '2.0',
    });
  });

  it('hands monthlyRowLimit to every function as MONTHLY_ROW_LIMIT', () => {
    // Arrange
    const stack = unbundledStack({ monthlyRowLimit: 2500 });
    const template = Template.fromStack(stack);
    // Assert
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'batch-import' } } },
    });
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(Object.keys(API_FUNCTIONS).length + 2);
    for (const fn of Object.values(functions) as Array<{ Properties: { Environment: { Variables: Record<string, unknown> } } }>) {
      expect(fn.Properties.Environment.Variables.MONTHLY_ROW_LIMIT).toBe('2500');
    }
  });

  it('leaves MONTHLY_ROW_LIMIT to the functions’ default when unset', () => {
    // Arrange
    const template = Template.fromStack(unbundledStack());
    // Assert
    const withLimit = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { MONTHLY_ROW_LIMIT: Match.anyValue() } } },
    });
    expect(withLimit).toEqual({});
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses monthlyRowLimit %p', (monthlyRowLimit) => {
    // Act / Assert
    expect(() => unbundledStack({ monthlyRowLimit })).toThrow(/monthlyRowLimit must be a positive integer/);
  });
});
