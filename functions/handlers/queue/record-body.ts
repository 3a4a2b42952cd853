import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { jsonOrUndefined } from '../../core/json-text';

/** What an SQS record's body holds per `schema`, or undefined when it is not JSON or not that (never redeliverable). */
export function parseRecordBody<S extends z.ZodType>(record: SQSRecord, schema: S): z.output<S> | undefined {
  const parsed = schema.safeParse(jsonOrUndefined(record.body));
  return parsed.success ? parsed.data : undefined;
}
