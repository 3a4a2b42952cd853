import { ConfigError, configSchema, Lease, LeaseSweep, loadConfig as load, Storage, UploadEventsQueue } from '../../functions/config';

/** The lease pieces, as the lease sweeper's schema holds them. */
const loadConfig = (env: NodeJS.ProcessEnv) => load(configSchema(Storage, UploadEventsQueue, Lease, LeaseSweep), env);

describe('Config: lease settings', () => {
  const names = {
    CONTROL_TABLE_NAME: 'control',
    RECORDS_TABLE_NAME: 'records',
    UPLOAD_BUCKET_NAME: 'bucket',
    CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/chunks',
    UPLOAD_EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/events',
  };

  it('defaults to 3 resumes, 15 minutes of upload grace and the chunk queue retention as the stall limit', () => {
    expect(loadConfig(names)).toMatchObject({
      leaseMaxResumes: 3,
      uploadExpiryGraceSeconds: 900,
      leaseStallSeconds: 4 * 24 * 3600,
      uploadEventsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/events',
    });
    expect(loadConfig({ ...names, LEASE_MAX_RESUMES: '0', UPLOAD_EXPIRY_GRACE_SECONDS: '0', UPLOAD_EVENTS_QUEUE_URL: 'https://q.example/1/events' })).toMatchObject({
      leaseMaxResumes: 0,
      uploadExpiryGraceSeconds: 0,
      uploadEventsQueueUrl: 'https://q.example/1/events',
    });
  });

  it('fails without UPLOAD_EVENTS_QUEUE_URL, naming it (the sweeper resumes splits through it)', () => {
    const { UPLOAD_EVENTS_QUEUE_URL: _omitted, ...withoutQueue } = names;
    expect(() => loadConfig(withoutQueue)).toThrow(ConfigError);
    expect(() => loadConfig(withoutQueue)).toThrow('UPLOAD_EVENTS_QUEUE_URL: required, but not set');
  });

  it.each([
    ['LEASE_MAX_RESUMES', '-1'],
    ['UPLOAD_EXPIRY_GRACE_SECONDS', 'later'],
    ['LEASE_STALL_SECONDS', '0'],
    ['UPLOAD_EVENTS_QUEUE_URL', 'not a url'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...names, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...names, [name]: value })).toThrow(name);
  });
});
