import { ConfigError, configSchema, loadConfig as load, Quota, Storage } from '../../../functions/config';

const loadConfig = (env: NodeJS.ProcessEnv) => load(configSchema(Storage, Quota), env);

const NAMES = {
  CONTROL_TABLE_NAME: 'control',
  RECORDS_TABLE_NAME: 'records',
  UPLOAD_BUCKET_NAME: 'bucket',
  CHUNK_QUEUE_URL: 'http://127.0.0.1:1/queue/chunks',
};

describe('Config: MONTHLY_ROW_LIMIT', () => {
  it('defaults to 10,000,000 rows a month (§9)', () => {
    expect(loadConfig(NAMES).monthlyRowLimit).toBe(10_000_000);
  });

  it('reads the variable', () => {
    expect(loadConfig({ ...NAMES, MONTHLY_ROW_LIMIT: '2500' }).monthlyRowLimit).toBe(2500);
  });

  it.each(['0', '-1', '1.5', 'lots'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...NAMES, MONTHLY_ROW_LIMIT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...NAMES, MONTHLY_ROW_LIMIT: value })).toThrow(/MONTHLY_ROW_LIMIT/);
  });
});
