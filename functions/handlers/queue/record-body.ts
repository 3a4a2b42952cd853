import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

/** What an SQS record's body holds per `schema`, or undefined when it is not JSON or not that (never redeliverable). */
export function parseRecordBody<S extends z.ZodType>(record: SQSRecord, schema: S): z.output<S> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
