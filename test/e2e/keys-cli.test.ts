import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashApiKey } from '../../functions/core/auth/api-key';
import { runTag, transactionsCsv } from '../support/generate';
import { getJob, uploadFiles } from '../support/service-client';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');

/**
 * `npm run -s keys -- …` as a user types it, pointed at the test stack through its stack file. Asynchronous: a
 * blocked event loop misses the service closing an idle keep-alive connection, and the test's next request then
 * fails on that dead socket ("other side closed").
 */
function keys(...args: string[]): Promise<{ status: number | null; lastLine: string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'keys', '--', ...args],
      { cwd: ROOT, env: { ...process.env, LOCAL_STACK_FILE: process.env.E2E_LOCAL_STACK_FILE }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const lines = stdout.trim().split('\n');
        const status = error ? ((error as { code?: number }).code ?? null) : 0;
        resolve({ status, lastLine: lines[lines.length - 1] ?? '', stdout, stderr });
      },
    );
  });
}

describe('E2E: keys CLI against the running local stack', () => {
  it('creates a key that works for its org and scopes only, prints it alone on the last line, and revokes it', async () => {
    const org = `cli-${runTag()}`;
    const created = await keys('create', '--org', org, '--scopes', 'transactions:create');
    expect(created.status).toBe(0);
    expect(created.lastLine).toMatch(/^bik_[A-Za-z0-9_-]{43}$/);
    const apiKey = created.lastLine;

    const upload = await uploadFiles('transactions', [{ fileName: 't.csv', content: transactionsCsv(3, org) }], {}, apiKey);
    expect(upload.status).toBe(202);
    const { jobId } = (await upload.json()) as { jobId: string };
    expect((await getJob(jobId, apiKey)).status).toBe(200);
    // The demo org cannot see it; the new key cannot upload entities.
    expect((await getJob(jobId)).status).toBe(404);
    expect((await uploadFiles('entities', [{ fileName: 'e.csv', content: 'taxId,type\n1,person\n' }], {}, apiKey)).status).toBe(403);

    expect((await keys('revoke', '--key', apiKey)).status).toBe(0);
    expect((await getJob(jobId, apiKey)).status).toBe(401);
  });

  it('writes to a named control table the way it does for a deployed stack (--table, SDK endpoint from the environment)', async () => {
    const created = await keys('create', '--table', process.env.CONTROL_TABLE_NAME as string, '--org', 'demo', '--scopes', 'events:create');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain(`in table ${process.env.CONTROL_TABLE_NAME}`);
    const upload = await uploadFiles('user-events', [{ fileName: 'e.csv', content: 'eventType,userId,occurredAt\nlogin,u1,2026-11-01\n' }], {}, created.lastLine);
    expect(upload.status).toBe(202);
  });

  it('sets, shows and clears an org\'s default alert recipients, and refuses one that is not an address', async () => {
    const org = `cli-${runTag()}`;
    const set = await keys('recipients', '--org', org, '--set', 'ops@example.com, data@example.com');
    expect(set.status).toBe(0);
    expect(set.stdout.trim().split('\n').slice(1)).toEqual(['ops@example.com', 'data@example.com']);
    expect((await keys('recipients', '--org', org)).stdout.trim().split('\n').slice(1)).toEqual(['ops@example.com', 'data@example.com']);

    const refused = await keys('recipients', '--org', org, '--set', 'nobody');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('keys: Default recipients must be at most 10 email addresses');

    expect((await keys('recipients', '--org', org, '--clear')).stdout).toContain(`Default recipients of org ${org} in local stack`);
    expect((await keys('recipients', '--org', org)).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown scope with a clear message and no key', async () => {
    const result = await keys('create', '--org', 'x', '--scopes', 'everything');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('keys: Invalid API key request');
    expect(result.stdout).not.toMatch(/bik_/);
  });

  it('lists an org\'s keys with id, scopes, expiry and revocation, and never a secret or a hash', async () => {
    const org = `cli-${runTag()}`;
    const first = await keys('create', '--org', org, '--scopes', 'transactions:create,events:create', '--name', 'nightly sync', '--expires-at', '2099-01-01T00:00:00Z');
    const second = await keys('create', '--org', org, '--scopes', 'entities:bulk_import');
    expect((await keys('revoke', '--key', second.lastLine)).status).toBe(0);

    const listed = await keys('list', '--org', org);
    expect(listed.status).toBe(0);
    const [heading, ...rows] = listed.stdout.trim().split('\n');
    const { endpoints } = JSON.parse(readFileSync(process.env.E2E_LOCAL_STACK_FILE as string, 'utf8')) as { endpoints: { dynamodb: string } };
    expect(heading).toBe(`2 key(s) of org ${org} in local stack (${endpoints.dynamodb})`);
    const firstId = first.stdout.match(/Created (key_\w+)/)?.[1];
    const secondId = second.stdout.match(/Created (key_\w+)/)?.[1];
    expect(rows.map((row) => row.split('\t'))).toEqual(
      expect.arrayContaining([
        [org, firstId, '"nightly sync"', 'transactions:create,events:create', 'expires=2099-01-01T00:00:00Z', 'revoked=no'],
        [org, secondId, '-', 'entities:bulk_import', 'expires=never', expect.stringMatching(/^revoked=\d{4}-\d\d-\d\dT/)],
      ]),
    );
    expect(rows).toHaveLength(2);
    for (const secret of [first.lastLine, second.lastLine]) {
      expect(listed.stdout).not.toContain(secret);
      expect(listed.stdout).not.toContain(hashApiKey(secret));
    }
    // Without --org every org's keys are listed, the demo org's among them.
    expect((await keys('list')).stdout).toMatch(/^demo\tkey_/m);
  });

  it('refuses a key that would be born expired', async () => {
    const result = await keys('create', '--org', 'x', '--scopes', 'events:create', '--expires-at', '2020-01-01T00:00:00Z');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('keys: The expiry is in the past');
    expect(result.stdout).not.toMatch(/bik_/);
  });

  it('says so when a key was already revoked, and keeps the first revocation time', async () => {
    const created = await keys('create', '--org', `cli-${runTag()}`, '--scopes', 'events:create');
    expect((await keys('revoke', '--key', created.lastLine)).stdout).toMatch(/^Revoked in local stack/);
    const again = await keys('revoke', '--key', created.lastLine);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Already revoked \(at \d{4}-\d\d-\d\dT[\d:.]+Z\) in local stack/);
    expect((await keys('revoke', '--key', 'bik_nobody_has_this_key')).stderr).toContain('keys: No such key');
  });
});
