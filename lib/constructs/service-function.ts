import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SERVICE_METRICS } from '../resources';

/** The repository root: entries in lib/resources.ts are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

// Lambda's own limits.
const MAX_TIMEOUT_SECONDS = 900;
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10240;

export interface ServiceFunctionProps {
  /** The handler's source file, relative to `projectRoot`; it must export `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * Variables added to the service-wide ones (`POWERTOOLS_SERVICE_NAME`, `LOG_LEVEL`, `NODE_OPTIONS`),
   * which they may override.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The function's physical name, for a function whose own ARN must be known before it exists (a schedule target
   * that creates schedules pointing at itself).
   * @default a name CloudFormation generates
   */
  readonly functionName?: string;
  /**
   * Files copied into the bundle after esbuild ran (`from` relative to `projectRoot`, `to` relative to the bundle),
   * for files the code reads at run time rather than imports.
   * @default none
   */
  readonly bundledFiles?: readonly { readonly from: string; readonly to: string }[];
  /**
   * Folder of the bundle to build the dashboard into after esbuild ran (web/build.ts, run from `projectRoot`).
   * @default none
   */
  readonly bundledDashboard?: string;
  /**
   * The AWS Parameters and Secrets Lambda Extension, for a function that reads a secret at run time without an SDK
   * client of its own.
   * @default none
   */
  readonly paramsAndSecrets?: lambda.ParamsAndSecretsLayerVersion;
  /**
   * Directory that `entry` is relative to, holding package-lock.json.
   * @default the repository root
   */
  readonly projectRoot?: string;
  /**
   * Concurrent executions kept for this function (and its limit).
   * @default none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
}

/**
 * One Lambda function of the service: Node.js 22 on Graviton, bundled locally by esbuild (no Docker), X-Ray
 * tracing on, and its own log group so retention is set in the template rather than by a custom resource.
 */
export class ServiceFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    validate(id, props);
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.function = new nodejs.NodejsFunction(this, 'Handler', {
      entry: path.join(projectRoot, props.entry),
      handler: 'handler',
      functionName: props.functionName,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(props.timeoutSeconds),
      memorySize: props.memoryMb,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      paramsAndSecrets: props.paramsAndSecrets,
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Ship the SDK versions the lockfile pins and the tests ran against, not whatever the runtime carries.
        bundleAwsSDK: true,
        ...((props.bundledFiles && props.bundledFiles.length > 0) || props.bundledDashboard
          ? { commandHooks: copyInto(props.bundledFiles ?? [], props.bundledDashboard) }
          : {}),
      },
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_METRICS.service,
        [SERVICE_METRICS.namespaceEnvVar]: SERVICE_METRICS.namespace,
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }
}

/**
 * Bundling hooks that copy files into the output after esbuild (run locally: no Docker), and build the dashboard
 * there when asked (esbuild again, through web/build.ts; a second or so).
 */
function copyInto(files: readonly { readonly from: string; readonly to: string }[], dashboardDir?: string): nodejs.ICommandHooks {
  const quote = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      ...files.map(({ from, to }) => {
        const target = path.posix.join(outputDir, to);
        return `mkdir -p ${quote(path.posix.dirname(target))} && cp ${quote(path.posix.join(inputDir, from))} ${quote(target)}`;
      }),
      ...(dashboardDir ? [`cd ${quote(inputDir)} && node --import tsx web/build.ts ${quote(path.posix.join(outputDir, dashboardDir))}`] : []),
    ],
  };
}

function validate(id: string, props: ServiceFunctionProps): void {
  if (path.isAbsolute(props.entry) || !props.entry.endsWith('.ts')) {
    throw new Error(`ServiceFunction ${id}: entry must be a relative path to a .ts file, got '${props.entry}'`);
  }
  const { timeoutSeconds, memoryMb } = props;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw new Error(`ServiceFunction ${id}: timeoutSeconds must be an integer in 1..${MAX_TIMEOUT_SECONDS}`);
  }
  if (!Number.isInteger(memoryMb) || memoryMb < MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
    throw new Error(`ServiceFunction ${id}: memoryMb must be an integer in ${MIN_MEMORY_MB}..${MAX_MEMORY_MB}`);
  }
}
