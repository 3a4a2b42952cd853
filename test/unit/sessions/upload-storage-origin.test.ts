import { configSchema, loadConfig, UploadStorageOrigin } from '../../../functions/config';

const loadUploadStorageOrigin = (env: NodeJS.ProcessEnv) => loadConfig(configSchema(UploadStorageOrigin), env).storageOrigin;
import { createDashboardHandler, dashboardCsp } from '../../../functions/handlers/http/dashboard-handler';

describe('The upload storage in the dashboard\'s Content-Security-Policy', () => {
  it('is the S3 endpoint locally, and the bucket\'s regional address in AWS', () => {
    expect(loadUploadStorageOrigin({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569/', UPLOAD_BUCKET_NAME: 'uploads' })).toBe('http://127.0.0.1:4569');
    expect(loadUploadStorageOrigin({ UPLOAD_BUCKET_NAME: 'batchimport-uploads-1a2b', AWS_REGION: 'eu-west-1' })).toBe(
      'https://batchimport-uploads-1a2b.s3.eu-west-1.amazonaws.com',
    );
    expect(loadUploadStorageOrigin({})).toBeUndefined();
  });

  it('refuses a value that would inject into the policy, naming the variable', () => {
    expect(() => loadUploadStorageOrigin({ UPLOAD_BUCKET_NAME: "b; script-src 'unsafe-inline'", AWS_REGION: 'eu-west-1' })).toThrow(/UPLOAD_BUCKET_NAME/);
    expect(() => loadUploadStorageOrigin({ AWS_ENDPOINT_URL_S3: 'javascript:alert(1)' })).toThrow(/AWS_ENDPOINT_URL_S3/);
  });

  it('lets the page connect to its own origin and the storage, and nowhere else', async () => {
    expect(dashboardCsp()).toContain("connect-src 'self';");
    expect(dashboardCsp('https://b.s3.eu-west-1.amazonaws.com')).toContain("connect-src 'self' https://b.s3.eu-west-1.amazonaws.com;");
    const handler = createDashboardHandler({
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never,
      files: { shell: '<!doctype html>', assets: new Map() } as never,
      storageOrigin: 'http://127.0.0.1:4569',
    });
    const answer = await handler({ routeKey: 'GET /', rawPath: '/', headers: {} } as never);
    expect(answer.headers?.['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:4569;");
  });
});
