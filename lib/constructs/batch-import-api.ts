import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { API_FUNCTIONS, API_THROTTLING, UNMATCHED_ROUTE_FUNCTION, UPLOAD_BUCKET, type ApiFunctionDefinition, type ApiFunctionName, type RouteDefinition } from '../resources';
import { ROUTES } from '../routes';
import { grantStartImportJobRuns } from './import-run-grants';
import { grantListPrefix, grantObjectActions, grantTableActions } from './least-privilege';
import { ServiceFunction } from './service-function';
// Kept apart from the import above: job control's one grant of a queue to an API function.
import { grantSendMessage } from './least-privilege';

export interface BatchImportApiProps {
  readonly controlTable: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  /** The chunk queue, to which resume and cancel send a paused run's parked chunks back. */
  readonly chunkQueue: sqs.IQueue;
  /**
   * Variables every API function receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The routes, each sent to one of the API functions.
   * @default ROUTES from lib/routes.ts (the route table)
   */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Key prefix that presigned uploads may write to.
   * @default UPLOAD_BUCKET.uploadPrefix
   */
  readonly uploadPrefix?: string;
  /**
   * Key prefix of the failure reports that job lookups link to.
   * @default UPLOAD_BUCKET.failuresPrefix
   */
  readonly failuresPrefix?: string;
  /**
   * Key prefix of the generated downloads (failures.csv, failed-rows.csv).
   * @default UPLOAD_BUCKET.reportsPrefix
   */
  readonly reportsPrefix?: string;
  /**
   * Key prefix of import jobs' drop locations, which the import jobs function presigns PUTs into and a run of an
   * import job lists and copies from.
   * @default UPLOAD_BUCKET.dropsPrefix
   */
  readonly dropsPrefix?: string;
  /**
   * How long the functions' logs and the API's access logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Requests per second (steady, burst) the stage accepts, and tighter limits for the upload routes (their
   * functions carry up to 6 MB each and start imports). API Gateway answers 429 beyond them.
   * @default API_THROTTLING from lib/resources.ts
   */
  readonly throttling?: Partial<ApiThrottling>;
}

export interface ApiThrottling {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly uploadRateLimit: number;
  readonly uploadBurstLimit: number;
}

// The indexes the API functions query (lib/resources.ts CONTROL_TABLE): the org's runs, mappings and import jobs;
// an import job's runs.
const BY_ORG_INDEX = 'byOrg';
const BY_IMPORT_JOB_INDEX = 'byImportJob';

/**
 * The public HTTP API (API Gateway HTTP API, payload format 2.0): one Lambda function per entry of
 * API_FUNCTIONS, one route per entry of ROUTES, and access logs on the default stage.
 */
export class BatchImportApi extends Construct {
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly functions: Readonly<Record<ApiFunctionName, nodejs.NodejsFunction>>;

  constructor(scope: Construct, id: string, props: BatchImportApiProps) {
    super(scope, id);
    const routes = props.routes ?? ROUTES;
    validateRoutes(routes);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const build = (name: ApiFunctionName): nodejs.NodejsFunction => {
      const definition: ApiFunctionDefinition = API_FUNCTIONS[name];
      const { id: functionId, entry, timeoutSeconds, memoryMb, bundledFiles } = definition;
      return new ServiceFunction(this, functionId, {
        entry,
        timeoutSeconds,
        memoryMb,
        bundledFiles,
        environment: props.environment,
        logRetention,
      }).function;
    };
    this.functions = {
      uploads: build('uploads'),
      presign: build('presign'),
      jobs: build('jobs'),
      control: build('control'),
      mappings: build('mappings'),
      reports: build('reports'),
      retryFailed: build('retryFailed'),
      importJobs: build('importJobs'),
      quota: build('quota'),
      importJobRuns: build('importJobRuns'),
      health: build('health'),
      apiDocs: build('apiDocs'),
      unmatched: build('unmatched'),
    };

    // Upload requests read the caller's key and mapping, claim an Idempotency-Key (deleted again if the upload
    // fails), create runs and store the files under the upload prefix.
    grantTableActions(this.functions.uploads, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
    const uploadPrefix = props.uploadPrefix ?? UPLOAD_BUCKET.uploadPrefix;
    grantObjectActions(this.functions.uploads, props.bucket, uploadPrefix, ['PutObject']);
    // Presigned uploads do the same, but sign PUTs with this role's rights instead: PutObject under the prefix.
    // UpdateItem: a replayed presigned upload moves its run's upload deadline to the fresh URL's.
    grantTableActions(this.functions.presign, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
    grantObjectActions(this.functions.presign, props.bucket, uploadPrefix, ['PutObject']);
    // Job lookups read runs and presign GETs of failure reports. Health touches nothing.
    // The indexes project keys (and filter attributes) only: a list reads its page's items with BatchGetItem.
    grantTableActions(this.functions.jobs, props.controlTable, ['GetItem', 'BatchGetItem', 'Query'], [BY_ORG_INDEX]);
    const failuresPrefix = props.failuresPrefix ?? UPLOAD_BUCKET.failuresPrefix;
    grantObjectActions(this.functions.jobs, props.bucket, failuresPrefix, ['GetObject']);
    // `?include=failures` and the failure reports list a run's failure documents and read them in order. Reports
    // stream generated CSVs into their own prefix (multipart) and presign GETs of them with this role's rights.
    grantListPrefix(this.functions.jobs, props.bucket, failuresPrefix);
    grantTableActions(this.functions.reports, props.controlTable, ['GetItem']);
    grantObjectActions(this.functions.reports, props.bucket, failuresPrefix, ['GetObject']);
    grantListPrefix(this.functions.reports, props.bucket, failuresPrefix);
    const reportsPrefix = props.reportsPrefix ?? UPLOAD_BUCKET.reportsPrefix;
    grantObjectActions(this.functions.reports, props.bucket, reportsPrefix, ['PutObject', 'GetObject', 'AbortMultipartUpload']);
    // An ended run's report is served from its final copy when one is there: listing the key tells its age.
    grantListPrefix(this.functions.reports, props.bucket, reportsPrefix);
    // Retrying failed rows reads the run and its failure documents and streams them into a new upload.
    grantTableActions(this.functions.retryFailed, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem']);
    grantObjectActions(this.functions.retryFailed, props.bucket, failuresPrefix, ['GetObject']);
    grantListPrefix(this.functions.retryFailed, props.bucket, failuresPrefix);
    grantObjectActions(this.functions.retryFailed, props.bucket, uploadPrefix, ['PutObject', 'AbortMultipartUpload']);
    // Job control changes a run's status by conditional updates and reads what it needs to close a run; resume and
    // cancel send parked chunks back to the chunk queue, then delete them.
    grantTableActions(this.functions.control, props.controlTable, ['GetItem', 'UpdateItem']);
    const parkedPrefix = UPLOAD_BUCKET.parkedPrefix;
    grantObjectActions(this.functions.control, props.bucket, parkedPrefix, ['GetObject', 'DeleteObject']);
    grantListPrefix(this.functions.control, props.bucket, parkedPrefix);
    grantSendMessage(this.functions.control, props.chunkQueue);
    // unprocessed.csv reads the documents of rows never attempted, like failed-rows.csv reads failure documents.
    const unprocessedPrefix = UPLOAD_BUCKET.unprocessedPrefix;
    grantObjectActions(this.functions.reports, props.bucket, unprocessedPrefix, ['GetObject']);
    grantListPrefix(this.functions.reports, props.bucket, unprocessedPrefix);
    // Mappings: one item each, replaced whole by a conditional put; the list is a Query on the org index.
    grantTableActions(this.functions.mappings, props.controlTable, ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem', 'Query'], [BY_ORG_INDEX]);
    // Import jobs: one item each, moved by conditional puts; the org's list and each job's runs are Queries on
    // indexes; mappings are read to check them. Drop files are presigned PUTs under the drops prefix.
    grantTableActions(this.functions.importJobs, props.controlTable, ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem', 'Query'], [BY_ORG_INDEX, BY_IMPORT_JOB_INDEX]);
    grantObjectActions(this.functions.importJobs, props.bucket, props.dropsPrefix ?? UPLOAD_BUCKET.dropsPrefix, ['PutObject']);
    // Quota: reads a namespace's limit and month counter, and puts its limit; the counters are the workers' own.
    grantTableActions(this.functions.quota, props.controlTable, ['GetItem', 'PutItem']);
    // Run now starts a run of an import job as its schedule does (see grantStartImportJobRuns).
    grantStartImportJobRuns(this.functions.importJobRuns, {
      controlTable: props.controlTable,
      bucket: props.bucket,
      dropsPrefix: props.dropsPrefix,
      uploadPrefix,
    });

    const integrations = new Map<ApiFunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: ApiFunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${API_FUNCTIONS[name].id}Integration`, this.functions[name], {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(name, integration);
      }
      return integration;
    };
    // The stage is built here rather than by HttpApi so that it can carry access logs. The `$default` route answers
    // requests no route matches with the service's error body.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', { createDefaultStage: false, defaultIntegration: integrationOf(UNMATCHED_ROUTE_FUNCTION) });
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logRetention });
    const throttling = { ...API_THROTTLING, ...props.throttling };
    validateThrottling(throttling);
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      // One JSON object a request (structured, so Logs Insights can query it); requestId is the id the functions log.
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup), format: ACCESS_LOG_FORMAT },
      throttle: { rateLimit: throttling.rateLimit, burstLimit: throttling.burstLimit },
    });

    const uploadRouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes) {
      const created = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.function),
      });
      // Route settings name existing routes: the stage waits for the upload routes.
      if (UPLOAD_ROUTE_FUNCTIONS.includes(route.function)) {
        uploadRouteSettings[`${route.method} ${route.path}`] = { ThrottlingRateLimit: throttling.uploadRateLimit, ThrottlingBurstLimit: throttling.uploadBurstLimit };
        created.forEach((r) => this.stage.node.addDependency(r));
      }
    }
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = uploadRouteSettings;
  }
}

/** The HTTP API's access log line: its own context variables (those of REST APIs differ). */
const ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** Routes that take files (multipart or JSON uploads, presigned upload URLs): throttled tighter. */
const UPLOAD_ROUTE_FUNCTIONS: readonly ApiFunctionName[] = ['uploads', 'presign'];

function validateThrottling(throttling: ApiThrottling): void {
  for (const [name, value] of Object.entries(throttling)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`BatchImportApi: throttling.${name} must be a positive integer, got ${value}`);
  }
  if (throttling.uploadRateLimit > throttling.rateLimit || throttling.uploadBurstLimit > throttling.burstLimit) {
    throw new Error('BatchImportApi: the upload routes may not be throttled looser than the stage');
  }
}

function validateRoutes(routes: readonly RouteDefinition[]): void {
  if (routes.length === 0) {
    throw new Error('BatchImportApi: at least one route is required');
  }
  const keys = new Set<string>();
  for (const route of routes) {
    if (!route.path.startsWith('/')) {
      throw new Error(`BatchImportApi: route path must start with '/', got '${route.path}'`);
    }
    if (!(route.function in API_FUNCTIONS)) {
      throw new Error(`BatchImportApi: route ${route.method} ${route.path} names unknown function '${route.function}'`);
    }
    const key = `${route.method} ${route.path}`;
    if (keys.has(key)) {
      throw new Error(`BatchImportApi: duplicate route '${key}'`);
    }
    keys.add(key);
  }
}
