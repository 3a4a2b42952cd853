import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_HEAP_MB } from '../support/child-stack';

describe('The local service process heap limit', () => {
  it('is the same for `npm start` as for the stacks tests and benchmarks spawn', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`--max-old-space-size=${SERVICE_HEAP_MB} `);
  });
});
