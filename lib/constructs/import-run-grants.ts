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
 * and its mapping, claim firings and files in the ledger (conditional puts), create the run (ended at once when
 * there is no file); list the job's drop prefix and copy each file (GetObject on the source, PutObject on the
 * target) to the run's upload key. What happens after a run ended (files given back, the job halted or completed,
 * reruns, emails) is the run-ended consumer's, with its own grants (lib/constructs/run-ended-consumer.ts).
 */
export function grantStartImportJobRuns(grantee: iam.IGrantable, props: StartImportJobRunsGrantProps): void {
  const dropsPrefix = props.dropsPrefix ?? UPLOAD_BUCKET.dropsPrefix;
  grantTableActions(grantee, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem']);
  grantListPrefix(grantee, props.bucket, dropsPrefix);
  grantObjectActions(grantee, props.bucket, dropsPrefix, ['GetObject']);
  grantObjectActions(grantee, props.bucket, props.uploadPrefix ?? UPLOAD_BUCKET.uploadPrefix, ['PutObject']);
}
