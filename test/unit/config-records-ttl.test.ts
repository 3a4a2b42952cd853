import { ConfigError, configSchema, loadConfig as load, Storage } from '../../functions/config';

const loadConfig = (env: NodeJS.ProcessEnv) => load(configSchema(Storage), env);

describe('Config: RECORDS_TTL_DAYS', () => {
  const names = {
    CONTROL_TABLE_NAME: 'control',
    RECORDS_TABLE_NAME: 'records',
    UPLOAD_BUCKET_NAME: 'bucket',
    CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/chunks',
  };

  it('keeps records for good when unset, and reads whole days when set', () => {
    expect(loadConfig(names).recordsTtlDays).toBeUndefined();
    expect(loadConfig({ ...names, RECORDS_TTL_DAYS: '365' }).recordsTtlDays).toBe(365);
  });

  it.each(['0', '-1', '1.5', 'a year', '40000'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...names, RECORDS_TTL_DAYS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...names, RECORDS_TTL_DAYS: value })).toThrow(/RECORDS_TTL_DAYS/);
  });
});
