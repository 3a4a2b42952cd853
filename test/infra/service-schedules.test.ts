import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { grantSendEmail } from '../../lib/constructs/email-sending';
import { ServiceSchedules } from '../../lib/constructs/service-schedules';
import { SCHEDULE_RETRY_POLICY } from '../../lib/resources';
import { newApp } from './support/app';
import { allowedGrants, renderResource } from './support/iam-statements';

/** A bare stack with two inline functions (nothing to bundle): a schedule target and a sweeper. */
function bareStack() {
  const stack = new Stack(newApp(), 'Bare', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = (id: string): lambda.Function =>
    new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
  return { stack, target: fn('Target'), sweeper: fn('Sweeper'), manager: fn('Manager'), bystander: fn('Bystander') };
}

/** Logical id of a CloudFormation resource, or of a construct's main resource. */
const logicalId = (stack: Stack, construct: IConstruct): string =>
  stack.getLogicalId((construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement);

describe('Construct: ServiceSchedules', () => {
  function build(groupName?: string) {
    const parts = bareStack();
    const schedules = new ServiceSchedules(parts.stack, 'Schedules', {
      targetArn: parts.target.functionArn,
      groupName,
      fixedSchedules: [{ name: 'sweepLeases', expression: 'rate(1 minute)', targetArn: parts.sweeper.functionArn, targetFunction: parts.sweeper }],
    });
    schedules.grantManageSchedules(parts.manager);
    const template = Template.fromStack(parts.stack);
    return { ...parts, schedules, template, json: template.toJSON() };
  }
  const arnOf = (stack: Stack, value: string): string => renderResource(stack.resolve(value));

  it('creates one schedule group, named by CloudFormation unless a name is given', () => {
    const groups = Object.values(build().template.findResources('AWS::Scheduler::ScheduleGroup')) as Array<{ Properties?: { Name?: string } }>;
    expect(groups).toHaveLength(1);
    expect(groups[0].Properties?.Name).toBeUndefined();
    build('imports').template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'imports' });
  });

  it('gives run-time schedules a role that only EventBridge Scheduler of this account and group assumes, and that only invokes the target', () => {
    // Arrange
    const { stack, schedules, target, template, json } = build();
    // Assert
    expect(allowedGrants(json, logicalId(stack, schedules.executionRole))).toEqual([
      `lambda:InvokeFunction ${arnOf(stack, target.functionArn)}`,
      `sqs:SendMessage ${arnOf(stack, schedules.deadLetterQueue.queueArn)}`,
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack, schedules.group), 'Arn'] } },
            },
          },
        ],
      },
      Description: Match.stringLikeRegexp('EventBridge Scheduler'),
    });
  });

  it('creates the fixed schedules in the group, in UTC, on the minute, with a role that only invokes their targets', () => {
    // Arrange
    const { stack, schedules, sweeper, template, json } = build();
    // Assert
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResource('AWS::Scheduler::Schedule', {
      Properties: {
        Name: 'sweepLeases',
        GroupName: { Ref: logicalId(stack, schedules.group) },
        ScheduleExpression: 'rate(1 minute)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [logicalId(stack, sweeper), 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [logicalId(stack, schedules.fixedScheduleRole!), 'Arn'] },
          Input: '{}',
          RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_POLICY.maximumRetryAttempts, MaximumEventAgeInSeconds: SCHEDULE_RETRY_POLICY.maximumEventAgeSeconds },
          DeadLetterConfig: { Arn: stack.resolve(schedules.deadLetterQueue.queueArn) },
        },
      },
      DependsOn: Match.arrayWith([logicalId(stack, sweeper)]),
    });
    expect(allowedGrants(json, logicalId(stack, schedules.fixedScheduleRole!))).toEqual([
      `lambda:InvokeFunction ${arnOf(stack, sweeper.functionArn)}`,
      `sqs:SendMessage ${arnOf(stack, schedules.deadLetterQueue.queueArn)}`,
    ]);
  });

  it("lets a manager write import jobs' schedules of its group only and pass the execution role only, to Scheduler only", () => {
    // Arrange
    const { stack, schedules, manager, bystander, template, json } = build('imports');
    // Assert
    const scheduleArns = 'arn:${AWS::Partition}:scheduler:eu-west-1:123456789012:schedule/imports/import-job-*';
    expect(allowedGrants(json, logicalId(stack, manager.role!))).toEqual(
      [
        `iam:PassRole ${arnOf(stack, schedules.executionRole.roleArn)}`,
        ...['CreateSchedule', 'DeleteSchedule', 'GetSchedule', 'UpdateSchedule'].map((action) => `scheduler:${action} ${scheduleArns}`),
      ].sort(),
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'iam:PassRole', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stack, schedules.executionRole), 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } },
        ]),
      },
    });
    expect(allowedGrants(json, logicalId(stack, bystander.role!))).toEqual([]);
  });

  it('hands the manager the group, target and role through its environment', () => {
    const { stack, manager, target, schedules, template } = build('imports');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          SCHEDULE_GROUP_NAME: 'imports',
          SCHEDULE_TARGET_ARN: { 'Fn::GetAtt': [logicalId(stack, target), 'Arn'] },
          SCHEDULE_ROLE_ARN: { 'Fn::GetAtt': [logicalId(stack, schedules.executionRole), 'Arn'] },
          SCHEDULE_DEAD_LETTER_ARN: { 'Fn::GetAtt': [logicalId(stack, schedules.deadLetterQueue), 'Arn'] },
        },
      },
    });
    expect(logicalId(stack, manager)).toBeDefined();
  });

  it.each([
    ['a name with spaces', { fixedSchedules: [{ name: 'sweep leases', expression: 'rate(1 minute)', targetArn: 'arn' }] }],
    ['an expression that is neither rate nor cron', { fixedSchedules: [{ name: 'sweep', expression: 'every minute', targetArn: 'arn' }] }],
    ['the same name twice', { fixedSchedules: [1, 2].map(() => ({ name: 'sweep', expression: 'rate(1 minute)', targetArn: 'arn' })) }],
    ['a bad group name', { groupName: 'my group' }],
  ])('refuses %s', (_case, props) => {
    const { stack } = bareStack();
    expect(() => new ServiceSchedules(stack, 'Schedules', { targetArn: 'arn', ...props })).toThrow(/ServiceSchedules/);
  });
});

describe('Function: grantSendEmail', () => {
  it('allows SendEmail and SendRawEmail on the sender identity only, from the sender address only, and sets SES_FROM_ADDRESS', () => {
    // Arrange
    const { stack, manager, bystander } = bareStack();
    // Act
    grantSendEmail(manager, { fromAddress: 'alerts@imports.example.org' });
    const template = Template.fromStack(stack);
    // Assert
    const identity = 'arn:${AWS::Partition}:ses:eu-west-1:123456789012:identity/imports.example.org';
    expect(allowedGrants(template.toJSON(), logicalId(stack, manager.role!))).toEqual([`ses:SendEmail ${identity}`, `ses:SendRawEmail ${identity}`]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringEquals: { 'ses:FromAddress': 'alerts@imports.example.org' } } })]) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { SES_FROM_ADDRESS: 'alerts@imports.example.org' } } });
    expect(allowedGrants(template.toJSON(), logicalId(stack, bystander.role!))).toEqual([]);
  });

  it('takes an address identity, and refuses an address outside the identity', () => {
    const { stack, manager, bystander } = bareStack();
    grantSendEmail(manager, { fromAddress: 'alerts@example.org', identity: 'alerts@example.org' });
    expect(allowedGrants(Template.fromStack(stack).toJSON(), logicalId(stack, manager.role!))[0]).toMatch(/:identity\/alerts@example\.org$/);
    expect(() => grantSendEmail(bystander, { fromAddress: 'alerts@example.org', identity: 'other.org' })).toThrow(/does not belong/);
    expect(() => grantSendEmail(bystander, { fromAddress: 'alerts' })).toThrow(/not an email address/);
  });
});
