import { ConfigError, configSchema, FileLimits, loadConfig as load, Storage } from '../../functions/config';

const loadConfig = (env: NodeJS.ProcessEnv) => load(configSchema(Storage, FileLimits), env);

describe('Config: file limits', () => {
  const names = {
    CONTROL_TABLE_NAME: 'control',
    RECORDS_TABLE_NAME: 'records',
    UPLOAD_BUCKET_NAME: 'bucket',
    CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/chunks',
  };

  it('defaults to 2,000 columns, 1 MiB a row and JSON 64 levels deep, and reads each variable', () => {
    expect(loadConfig(names).fileLimits).toEqual({ maxColumns: 2_000, maxRowBytes: 1_048_576, maxJsonDepth: 64 });
    expect(loadConfig({ ...names, MAX_COLUMNS: '50', MAX_ROW_BYTES: '300000', MAX_JSON_DEPTH: '10' }).fileLimits).toEqual({
      maxColumns: 50,
      maxRowBytes: 300_000,
      maxJsonDepth: 10,
    });
  });

  it.each([
    ['MAX_COLUMNS', '0'],
    ['MAX_COLUMNS', 'many'],
    ['MAX_ROW_BYTES', '-5'],
    ['MAX_ROW_BYTES', String(128 * 1024 * 1024)],
    ['MAX_JSON_DEPTH', '5000'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...names, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...names, [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});
