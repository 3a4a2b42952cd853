import { Aspects, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { BatchImportStack, type BatchImportStackProps } from '../../lib/batch-import-stack';
import { newApp } from './support/app';
import { identityStatements } from './support/iam-statements';
import { BUILD_TIMEOUT_MS } from './support/stack';

type Resources = Record<string, { Type: string; Metadata?: { cdk_nag?: { rules_to_suppress?: Suppression[] } } }>;
interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: unknown[];
}

/** The stack with both packs applied as cdk-nag's Aspects (what `cdk synth -c nag=true` does), synthesized. */
function checkedStack(props: BatchImportStackProps = {}): { stack: BatchImportStack; template: Template } {
  const app = newApp();
  const stack = new BatchImportStack(app, 'BatchImportService', { stackName: 'BatchImportService', ...props });
  Aspects.of(app).add(new AwsSolutionsChecks());
  Aspects.of(app).add(new ServerlessChecks());
  // Template.fromStack synthesizes the app, which runs the aspects and records their findings as annotations.
  return { stack, template: Template.fromStack(stack) };
}

/** `<path>: <rule>[finding]` of every unsuppressed finding of the packs at this level. */
function findings(stack: Stack, level: 'error' | 'warning'): string[] {
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error' ? annotations.findError('*', Match.anyValue()) : annotations.findWarning('*', Match.anyValue());
  return found
    .map((message) => `${message.id}: ${String(message.entry.data).split(': ')[0]}`)
    .filter((line) => /: (AwsSolutions|Serverless)-/.test(line));
}

describe('Stack: cdk-nag (AwsSolutions and Serverless packs)', () => {
  let checked: { stack: BatchImportStack; template: Template };

  beforeAll(() => {
    checked = checkedStack();
  }, BUILD_TIMEOUT_MS);

  const suppressions = (): Array<Suppression & { resource: string }> =>
    Object.entries((checked.template.toJSON() as { Resources: Resources }).Resources).flatMap(([logicalId, resource]) =>
      (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((suppression) => ({ ...suppression, resource: logicalId })),
    );

  it('reports no unsuppressed error', () => {
    expect(findings(checked.stack, 'error')).toEqual([]);
  });

  it('reports no unsuppressed warning', () => {
    expect(findings(checked.stack, 'warning')).toEqual([]);
  });

  it('gives every suppression a reason, and every IAM5 suppression the exact wildcards it allows', () => {
    // Arrange
    const all = suppressions();
    // Assert
    expect(all.length).toBeGreaterThan(0);
    for (const suppression of all) expect(suppression.reason.length).toBeGreaterThan(40);
    for (const suppression of all.filter((s) => s.id === 'AwsSolutions-IAM5' || s.id === 'AwsSolutions-IAM4')) {
      expect(suppression.applies_to?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('suppresses no finding the fixes made cheap: SSL-only queues, bucket access logs, API logging, tracing, log retention', () => {
    const fixedRules = ['AwsSolutions-SQS4', 'AwsSolutions-S10', 'AwsSolutions-APIG1', 'Serverless-APIGWStructuredLogging', 'Serverless-LambdaTracing', 'Serverless-CloudWatchLogGroupRetentionPeriod'];
    expect(suppressions().filter((s) => fixedRules.includes(s.id))).toEqual([]);
    // The upload bucket logs its access; only the log bucket itself is exempt.
    expect(suppressions().filter((s) => s.id === 'AwsSolutions-S1').map((s) => s.resource)).toEqual([
      checked.stack.getLogicalId(checked.stack.ingest.accessLogsBucket.node.defaultChild as never),
    ]);
  });

  it('keeps Resource "*" for X-Ray alone (the IAM5 Resource::* suppression says so)', () => {
    // Arrange
    const onEverything = identityStatements(checked.template.toJSON())
      .map(({ statement }) => statement)
      .filter((statement) => statement.Effect === 'Allow' && [statement.Resource].flat().includes('*'));
    // Assert
    expect([...new Set(onEverything.flatMap((statement) => [statement.Action].flat()))].sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it(
    'reports nothing either for a stack bound to an account and region (what cdk deploy synthesizes)',
    () => {
      // Act
      const bound = checkedStack({ env: { account: '111122223333', region: 'eu-west-1' }, allowPlaceholderSender: true });
      // Assert
      expect([...findings(bound.stack, 'error'), ...findings(bound.stack, 'warning')]).toEqual([]);
    },
    BUILD_TIMEOUT_MS,
  );
});
