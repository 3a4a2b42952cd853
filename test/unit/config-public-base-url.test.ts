import { ConfigError, configSchema, DEFAULT_PUBLIC_BASE_URL, Links, loadConfig } from '../../functions/config';

const loadPublicBaseUrl = (env: NodeJS.ProcessEnv) => loadConfig(configSchema(Links), env).publicBaseUrl;

describe('Config: PUBLIC_BASE_URL (the base of the emails\' dashboard links)', () => {
  it('is always resolved: the value set, else the local default', () => {
    expect(loadPublicBaseUrl({ PUBLIC_BASE_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com' })).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
    expect(loadPublicBaseUrl({})).toBe(DEFAULT_PUBLIC_BASE_URL);
    expect(loadPublicBaseUrl({ PUBLIC_BASE_URL: '' })).toBe(DEFAULT_PUBLIC_BASE_URL);
    // npm start's own URL, unless PUBLIC_BASE_URL names another
    expect(loadPublicBaseUrl({ LOCAL_STACK_URL: 'http://127.0.0.1:40123' })).toBe('http://127.0.0.1:40123');
    expect(loadPublicBaseUrl({ LOCAL_STACK_URL: 'http://127.0.0.1:40123', PUBLIC_BASE_URL: 'https://imports.example.org' })).toBe('https://imports.example.org');
  });

  it.each(['imports.example.org', 'ftp://example.org', 'https://example.org/?next=1', 'https://example.org/#top'])('refuses %s, naming the variable', (value) => {
    expect(() => loadPublicBaseUrl({ PUBLIC_BASE_URL: value })).toThrow(ConfigError);
    expect(() => loadPublicBaseUrl({ PUBLIC_BASE_URL: value })).toThrow(/PUBLIC_BASE_URL/);
  });
});
