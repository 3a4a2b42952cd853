import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
// It bundles every function (esbuild, ~18 of them): minutes on a busy 2-core machine.
const SYNTH_TIMEOUT_MS = 360_000;

interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * The environment of a machine with no AWS account: no credential variables, no profile, shared config files
 * that do not exist, and no instance metadata endpoint to fall back on.
 */
function credentialFreeEnv(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('CDK_DEFAULT_')) env[name] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: path.join(scratch, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: PROJECT_ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

describe('App: cdk synth', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'batch-import-synth-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it(
    'synthesizes the BatchImportService template without AWS credentials',
    async () => {
      // Arrange
      const outdir = path.join(scratch, 'cdk.out');
      const env = credentialFreeEnv(scratch);
      // Act
      const result = await run('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', outdir], env);
      // Assert
      expect({ code: result.code, output: result.code === 0 ? '' : result.output }).toEqual({ code: 0, output: '' });
      const templatePath = path.join(outdir, 'BatchImportService.template.json');
      expect(existsSync(templatePath)).toBe(true);
      const template = readFileSync(templatePath, 'utf8');
      expect(template).toContain('AWS::Lambda::Function');
      // The CLI sets CDK_DEFAULT_REGION=us-east-1 even without credentials: none of it may reach the template.
      expect(template).not.toContain('us-east-1');
      expect(template.match(/(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/)).toBeNull();
    },
    SYNTH_TIMEOUT_MS,
  );
});
