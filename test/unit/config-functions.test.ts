import { CONFIG_BY_FUNCTION_ID, ConfigError, loadConfig } from '../../functions/config';
import { API_FUNCTIONS, DEAD_LETTER_FUNCTIONS, LEASE_SWEEPER, RUN_ENDED_CONSUMER, SCHEDULED_FUNCTIONS, WORKER_FUNCTIONS } from '../../lib/resources';

/** A valid value for every variable any function reads. */
const FULL_ENV = {
  CONTROL_TABLE_NAME: 'control',
  RECORDS_TABLE_NAME: 'records',
  UPLOAD_BUCKET_NAME: 'uploads-bucket',
  CHUNK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/chunks',
  UPLOAD_EVENTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/upload-events',
  REPORTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/reports',
  SCHEDULE_GROUP_NAME: 'batch-import',
  SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:RunImportJob',
  SCHEDULE_ROLE_ARN: 'arn:aws:iam::123456789012:role/SchedulerRole',
  SCHEDULE_DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-1:123456789012:ScheduleDeadLetters',
  SES_FROM_ADDRESS: 'alerts@example.org',
  SES_CONFIGURATION_SET: 'batch-import-alerts',
  PUBLIC_BASE_URL: 'https://imports.example.org',
  SESSION_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SessionSecret-AbC123',
  AWS_REGION: 'eu-west-1',
};

const RESOURCES = ['CONTROL_TABLE_NAME', 'RECORDS_TABLE_NAME', 'UPLOAD_BUCKET_NAME', 'CHUNK_QUEUE_URL'];
const SESSION = ['SESSION_SECRET'];
/** What a function that can end a run needs: the schedules, the mail sender and the reports queue. */
const RUN_ENDED = ['SCHEDULE_GROUP_NAME', 'SCHEDULE_TARGET_ARN', 'SCHEDULE_ROLE_ARN', 'SES_FROM_ADDRESS', 'REPORTS_QUEUE_URL'];

/** The variables each function cannot start without (the others have defaults, or exist in AWS only). */
const REQUIRED: Record<string, readonly string[]> = {
  [API_FUNCTIONS.uploads.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.presign.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.jobs.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.control.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.mappings.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.reports.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.retryFailed.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.importJobs.id]: [...RESOURCES, ...SESSION, 'SCHEDULE_GROUP_NAME', 'SCHEDULE_TARGET_ARN', 'SCHEDULE_ROLE_ARN', 'SES_FROM_ADDRESS'],
  [API_FUNCTIONS.quota.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.importJobRuns.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.health.id]: [],
  [API_FUNCTIONS.apiDocs.id]: [],
  [API_FUNCTIONS.unmatched.id]: [],
  [API_FUNCTIONS.session.id]: [...RESOURCES, ...SESSION],
  [API_FUNCTIONS.dashboard.id]: [],
  [WORKER_FUNCTIONS.splitter.id]: [...RESOURCES, 'UPLOAD_EVENTS_QUEUE_URL'],
  [WORKER_FUNCTIONS.chunkProcessor.id]: [...RESOURCES],
  [WORKER_FUNCTIONS.reportBuilder.id]: [...RESOURCES],
  [DEAD_LETTER_FUNCTIONS.deadChunks.id]: [...RESOURCES],
  [SCHEDULED_FUNCTIONS.runImportJob.id]: [...RESOURCES],
  [LEASE_SWEEPER.id]: [...RESOURCES, 'UPLOAD_EVENTS_QUEUE_URL'],
  [RUN_ENDED_CONSUMER.id]: [...RESOURCES, ...RUN_ENDED],
};

/** SESSION_SECRET_ARN stands in for SESSION_SECRET in AWS: without either, the error names SESSION_SECRET. */
function without(variable: string): Record<string, string> {
  const env: Record<string, string> = { ...FULL_ENV };
  delete env[variable === 'SESSION_SECRET' ? 'SESSION_SECRET_ARN' : variable];
  return env;
}

describe('Config: one schema per function', () => {
  it('has a schema for every function the stack deploys, and none besides', () => {
    expect(Object.keys(CONFIG_BY_FUNCTION_ID).sort()).toEqual(Object.keys(REQUIRED).sort());
  });

  it.each(Object.entries(CONFIG_BY_FUNCTION_ID))('%s starts with every value set', (_id, schema) => {
    expect(() => loadConfig(schema, FULL_ENV)).not.toThrow();
  });

  describe.each(Object.entries(REQUIRED))('%s', (id, required) => {
    const schema = CONFIG_BY_FUNCTION_ID[id]!;

    // A function that reads nothing required (health, the dashboard) has no case here.
    for (const variable of required) {
      it(`fails at start without ${variable}, naming it`, () => {
        expect(() => loadConfig(schema, without(variable))).toThrow(ConfigError);
        expect(() => loadConfig(schema, without(variable))).toThrow(new RegExp(`${variable}: required`));
      });
    }

    it('starts without any other variable', () => {
      const others = Object.keys(FULL_ENV).filter((variable) => !required.includes(variable) && variable !== 'SESSION_SECRET_ARN');
      const env = Object.fromEntries(Object.entries(FULL_ENV).filter(([variable]) => !others.includes(variable)));
      expect(() => loadConfig(schema, env)).not.toThrow();
    });
  });

  it('counts a blank value as unset, so a blank REPORTS_QUEUE_URL fails like a missing one', () => {
    const schema = CONFIG_BY_FUNCTION_ID[RUN_ENDED_CONSUMER.id]!;
    expect(() => loadConfig(schema, { ...FULL_ENV, REPORTS_QUEUE_URL: '' })).toThrow('REPORTS_QUEUE_URL: required, but not set');
  });

  it('names every variable at fault in one error, with what is wrong with each', () => {
    const schema = CONFIG_BY_FUNCTION_ID[RUN_ENDED_CONSUMER.id]!;
    const env = { ...without('REPORTS_QUEUE_URL'), RUN_RETRY_COUNT: 'often', SES_FROM_ADDRESS: 'alerts' };
    let thrown: unknown;
    try {
      loadConfig(schema, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).code).toBe('INVALID_CONFIGURATION');
    expect((thrown as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['REPORTS_QUEUE_URL', 'RUN_RETRY_COUNT', 'SES_FROM_ADDRESS']);
    expect((thrown as ConfigError).message).toMatch(/^Invalid configuration: /);
    expect((thrown as ConfigError).message).toContain('REPORTS_QUEUE_URL: required, but not set');
  });
});
