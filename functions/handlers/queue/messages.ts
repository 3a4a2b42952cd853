import { z } from 'zod';
import { chunkFromBody } from '../../core/runs/chunk';

/** An S3 event notification as SQS delivers it; S3's own test event carries no records. */
export const S3EventMessage = z.union([
  z.object({
    Records: z.array(
      z.object({
        eventName: z.string(),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string(), size: z.number().optional() }),
        }),
      }),
    ),
  }),
  z.object({ Event: z.literal('s3:TestEvent') }),
]);

/** A split that ran out of time asks, on the same queue, for another invocation to go on with its file. */
export const SplitContinuationMessage = z.object({
  splitContinuation: z.object({ jobId: z.string().min(1), fileIndex: z.number().int().nonnegative() }),
});

/** S3 URL-encodes keys in notifications, with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

const ChunkRow = z.object({
  n: z.number().int().nonnegative(),
  cells: z.array(z.string()).optional(),
  item: z.record(z.string(), z.unknown()).optional(),
  malformed: z.string().optional(),
});

/** A chunk message; the row processor trusts nothing it did not check. */
export const ChunkMessage = z.object({
  jobId: z.string().min(1),
  chunkId: z.string().regex(/^\d{2}-\d{7}$/),
  fileIndex: z.number().int().nonnegative(),
  header: z.array(z.string()).optional(),
  rows: z.array(ChunkRow),
}).transform(chunkFromBody);
