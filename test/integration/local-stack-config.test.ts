import { CONFIG_BY_FUNCTION_ID, loadConfig } from '../../functions/config';

// The local stack runs every function in its own process over one environment (local/stack.ts), which jest's
// globalSetup hands to this worker: each function's schema must accept it, as each deployed function's must accept
// what the CDK gives it (test/infra/function-config.test.ts).
describe('Local stack: every function gets the configuration its schema requires', () => {
  it.each(Object.entries(CONFIG_BY_FUNCTION_ID))('%s starts with the local stack\'s environment', (_id, schema) => {
    expect(process.env.CONTROL_TABLE_NAME).toBeDefined();
    expect(() => loadConfig(schema, process.env)).not.toThrow();
  });

  it('sets REPORTS_QUEUE_URL, so runs that end locally ask for their final reports', () => {
    expect(process.env.REPORTS_QUEUE_URL).toMatch(/^https?:\/\//);
  });
});
