import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { EMAIL_SENDER, LEASE_SWEEPER, SCHEDULE_GROUP } from '../../lib/resources';
import { allowedGrants, identityStatements, renderResource } from './support/iam-statements';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

// The service stack's scheduling and email: what the scheduled functions may do, and what Scheduler may do.
describe('Stack: schedules and email', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  const json = () => built.template.toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const arn = (value: string): string => renderResource(built.stack.resolve(value));
  const roleOf = (fn: IFunction): string => built.logicalId(fn.role!);
  const groupRef = (): string => `\${${built.stack.getLogicalId(built.stack.schedules.group)}}`;
  const targetArn = (): string => arn(built.stack.scheduled.arnOf('runImportJob'));

  it('has one schedule group, with the lease sweeper every minute in it', () => {
    built.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    built.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: LEASE_SWEEPER.scheduleExpression,
      GroupName: { Ref: built.stack.getLogicalId(built.stack.schedules.group) },
    });
  });

  it('names the schedule target so that its ARN in the environment is the function itself', () => {
    // Arrange
    const fn = built.stack.scheduled.functions.runImportJob;
    const properties = json().Resources[built.logicalId(fn)].Properties as { FunctionName: string; Environment: { Variables: Record<string, unknown> } };
    // Assert
    expect(targetArn()).toBe(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${properties.FunctionName}`);
    expect(renderResource(properties.Environment.Variables[SCHEDULE_GROUP.targetArnEnvVar])).toBe(targetArn());
    expect(renderResource(properties.Environment.Variables[SCHEDULE_GROUP.roleArnEnvVar])).toBe(arn(built.stack.schedules.executionRole.roleArn));
    expect(renderResource(properties.Environment.Variables[SCHEDULE_GROUP.envVar])).toBe(groupRef());
    expect(properties.Environment.Variables[EMAIL_SENDER.envVar]).toBe(EMAIL_SENDER.defaultFromAddress);
  });

  it('lets the schedules the service creates invoke the import-job trigger and nothing else', () => {
    expect(allowedGrants(built.template.toJSON(), built.logicalId(built.stack.schedules.executionRole))).toEqual([
      `lambda:InvokeFunction ${targetArn()}`,
      `sqs:SendMessage ${arn(built.stack.schedules.deadLetterQueue.queueArn)}`,
    ]);
  });

  // Every function that can end a run tells the run policy, which puts reruns and sends alerts.
  it.each([
    ['runImportJob', (): IFunction => built.stack.scheduled.functions.runImportJob],
    ['splitter', (): IFunction => built.stack.workers.splitter],
    ['chunkProcessor', (): IFunction => built.stack.workers.chunkProcessor],
    ['leaseSweeper', (): IFunction => built.stack.leaseSweeper.function],
    ['deadChunks', (): IFunction => built.stack.deadChunks.function],
    ['importJobs', (): IFunction => built.stack.api.functions.importJobs],
    ['importJobRuns', (): IFunction => built.stack.api.functions.importJobRuns],
    ['control', (): IFunction => built.stack.api.functions.control],
  ] as const)("lets the %s function manage import jobs' schedules of its group, pass the execution role and send as the sender", (_name, fn) => {
    // Arrange
    const grants = allowedGrants(built.template.toJSON(), roleOf(fn()));
    const schedules = `arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/${groupRef()}/import-job-*`;
    const identity = 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com';
    // Assert
    expect(grants).toEqual(
      expect.arrayContaining([
        ...['CreateSchedule', 'UpdateSchedule', 'GetSchedule', 'DeleteSchedule'].map((action) => `scheduler:${action} ${schedules}`),
        `iam:PassRole ${arn(built.stack.schedules.executionRole.roleArn)}`,
        `ses:SendEmail ${identity}`,
        `ses:SendRawEmail ${identity}`,
      ]),
    );
  });

  it('scopes every scheduler, PassRole and SES statement of the stack', () => {
    // Arrange
    const statements = identityStatements(built.template.toJSON()).map(({ statement }) => statement);
    const withService = (prefix: string) => statements.filter((s) => [s.Action].flat().some((action) => String(action).startsWith(prefix)));
    // Assert
    for (const statement of withService('scheduler:')) {
      expect(renderResource(statement.Resource)).toBe(`arn:\${AWS::Partition}:scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/${groupRef()}/import-job-*`);
    }
    for (const statement of withService('iam:PassRole')) {
      expect(renderResource(statement.Resource)).toBe(arn(built.stack.schedules.executionRole.roleArn));
      expect(statement).toMatchObject({ Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } });
    }
    for (const statement of withService('ses:')) {
      // The sender's identity, and the configuration set the mail is sent with.
      const resources = [statement.Resource].flat().map(renderResource).sort();
      expect(resources).toEqual([expect.stringMatching(/:configuration-set\/\$\{EmailConfigurationSet[0-9A-F]+\}$/), expect.stringMatching(/:identity\/example\.com$/)]);
      expect(statement).toMatchObject({ Condition: { StringEquals: { 'ses:FromAddress': EMAIL_SENDER.defaultFromAddress } } });
    }
    // One statement each for the eight functions that end runs or manage schedules, and nothing anywhere else.
    expect([withService('scheduler:').length, withService('iam:PassRole').length, withService('ses:').length]).toEqual([8, 8, 8]);
  });
});
