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

  it('names the schedule target so that its ARN in the environment of whoever puts reruns is the function itself', () => {
    // Arrange: the schedules' target, and the run-ended consumer, which puts the reruns that invoke it
    const target = json().Resources[built.logicalId(built.stack.scheduled.functions.runImportJob)].Properties as { FunctionName: string };
    const fn = built.stack.runEnded.function;
    const properties = json().Resources[built.logicalId(fn)].Properties as { Environment: { Variables: Record<string, unknown> } };
    // Assert
    expect(targetArn()).toBe(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${target.FunctionName}`);
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

  // The run-ended consumer applies the run policy, which puts reruns and sends alerts; the import jobs function
  // manages schedules and sends the sampling-failed alert.
  it.each([
    ['runEnded', (): IFunction => built.stack.runEnded.function],
    ['importJobs', (): IFunction => built.stack.api.functions.importJobs],
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

  // Ending a run is a write of the run item; what follows is the run-ended consumer's.
  it.each([
    ['runImportJob', (): IFunction => built.stack.scheduled.functions.runImportJob],
    ['splitter', (): IFunction => built.stack.workers.splitter],
    ['chunkProcessor', (): IFunction => built.stack.workers.chunkProcessor],
    ['leaseSweeper', (): IFunction => built.stack.leaseSweeper.function],
    ['deadChunks', (): IFunction => built.stack.deadChunks.function],
    ['importJobRuns', (): IFunction => built.stack.api.functions.importJobRuns],
    ['control', (): IFunction => built.stack.api.functions.control],
  ] as const)('gives the %s function, which ends runs, no schedule, PassRole, SES or reports-queue grant', (_name, fn) => {
    // Arrange
    const grants = allowedGrants(built.template.toJSON(), roleOf(fn()));
    // Assert
    expect(grants.filter((grant) => /^(scheduler:|iam:PassRole |ses:)/.test(grant))).toEqual([]);
    expect(grants).not.toContain(`sqs:SendMessage ${arn(built.stack.reports.queue.queueArn)}`);
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
    // One statement each for the run-ended consumer and the import jobs function, and nothing anywhere else.
    expect([withService('scheduler:').length, withService('iam:PassRole').length, withService('ses:').length]).toEqual([2, 2, 2]);
  });
});
