import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderOpenApiDocument } from '../../../functions/contract/openapi';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('Generated files: openapi.json and client/schema.d.ts', () => {
  it("the checked-in openapi.json is the route table's document (run npm run spec when this fails)", () => {
    expect(readFileSync(path.join(ROOT, 'openapi.json'), 'utf8')).toBe(renderOpenApiDocument());
  });

  // openapi-typescript is ESM inside: it runs in a child process, through the same script as `npm run spec`.
  it('the checked-in client types are generated from it (run npm run spec when this fails)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'spec-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'spec.ts'), '--out', out], { cwd: ROOT, stdio: 'pipe' });
      expect(readFileSync(path.join(out, 'openapi.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'openapi.json'), 'utf8'));
      expect(readFileSync(path.join(out, 'schema.d.ts'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'client', 'schema.d.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
