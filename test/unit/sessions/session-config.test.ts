import { ConfigError, configSchema, loadConfig, Session } from '../../../functions/config';

const loadSessionConfig = (env: NodeJS.ProcessEnv) => loadConfig(configSchema(Session), env).session;

describe('Function: loadSessionConfig', () => {
  it('names SESSION_SECRET when neither it nor SESSION_SECRET_ARN is set', () => {
    expect(() => loadSessionConfig({})).toThrow(ConfigError);
    expect(() => loadSessionConfig({})).toThrow(/SESSION_SECRET: required/);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadSessionConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: at least 32 characters/);
    expect(() => loadSessionConfig({ SESSION_SECRET_ARN: 'arn:aws:s3:::bucket' })).toThrow(/SESSION_SECRET_ARN: a Secrets Manager secret ARN/);
    expect(() => loadSessionConfig({ SESSION_SECRET: 'x'.repeat(32), SESSION_TTL_SECONDS: '0' })).toThrow(/SESSION_TTL_SECONDS/);
    expect(() => loadSessionConfig({ SESSION_SECRET: 'x'.repeat(32), PUBLIC_BASE_URL: 'ftp://x' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('defaults to 8-hour sessions on the request\'s own origin', () => {
    expect(loadSessionConfig({ SESSION_SECRET: 'x'.repeat(32) })).toEqual({ secret: { value: 'x'.repeat(32) }, ttlSeconds: 28_800 });
  });

  it('takes the secret ARN (AWS) and the public origin of PUBLIC_BASE_URL', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SessionSecret-AbC123';
    expect(loadSessionConfig({ SESSION_SECRET_ARN: arn, PUBLIC_BASE_URL: 'https://imports.example.com/dashboard/', SESSION_TTL_SECONDS: '60' })).toEqual({
      secret: { arn },
      ttlSeconds: 60,
      publicOrigin: 'https://imports.example.com',
    });
  });
});
