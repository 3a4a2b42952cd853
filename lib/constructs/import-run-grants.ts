import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { UPLOAD_BUCKET } from '../resources';
import { grantListPrefix, grantObjectActions, grantTableActions } from './least-privilege';

export interface StartImportJobRunsGrantProps {
  readonly controlTable: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  /** @default UPLOAD_BUCKET.dropsPrefix */
  readonly dropsPrefix?: string;
  /** @default UPLOAD_BUCKET.uploadPrefix */
  readonly uploadPrefix?: string;
}

/**
 * What starting a run of an import job needs (the run-now route and the schedules' target): read the import job
 * and its mapping, claim firings and files in the ledger (conditional puts; a run that imported nothing gives its
 * files back with conditional deletes), create the run (ended at once when there is no file) and halt or
 * complete the job; list the job's drop prefix and copy each file (GetObject on the source, PutObject on the
 * target) to the run's upload key. The schedule and SES grants of the run policy are given apart.
 */
export function grantStartImportJobRuns(grantee: iam.IGrantable, props: StartImportJobRunsGrantProps): void {
  const dropsPrefix = props.dropsPrefix ?? UPLOAD_BUCKET.dropsPrefix;
  grantTableActions(grantee, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
  grantListPrefix(grantee, props.bucket, dropsPrefix);
  grantObjectActions(grantee, props.bucket, dropsPrefix, ['GetObject']);
  grantObjectActions(grantee, props.bucket, props.uploadPrefix ?? UPLOAD_BUCKET.uploadPrefix, ['PutObject']);
}

/**
 * What the run policy writes when a function ends a run of an import job (functions/core/use-cases/on-run-ended.ts):
 * it replaces the import job (a conditional PutItem) to halt or complete it, and gives the files a run imported
 * nothing from back to the ledger (conditional DeleteItems). Every function that can end a run needs it, not only
 * the ones that start runs; without it the policy fails there with AccessDenied, which no emulator reports.
 */
export function grantRunPolicyWrites(grantee: iam.IGrantable, controlTable: dynamodb.ITableV2): void {
  grantTableActions(grantee, controlTable, ['PutItem', 'DeleteItem']);
}
