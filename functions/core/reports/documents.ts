import type { ObjectStore } from '../ports';

/** Documents fetched ahead of the one being read: S3 latency overlaps instead of adding up, memory stays bounded. */
const READ_AHEAD = 8;

/**
 * The per-chunk documents under a run's prefix, in key order (file then chunk), each whole (one chunk's worth: at
 * most a few hundred KB), fetched a few ahead. Keys `locate` does not recognise are passed over. Stopping the
 * iteration early stops the listing and the fetching.
 */
export async function* documentsInOrder(
  objects: ObjectStore,
  prefix: string,
  locate: (key: string) => { fileIndex: number } | null,
): AsyncGenerator<{ key: string; fileIndex: number; body: string }> {
  const keys = objects.list(prefix)[Symbol.asyncIterator]();
  const pending: Array<{ key: string; fileIndex: number; body: Promise<string> }> = [];
  let listed = false;
  try {
    for (;;) {
      while (!listed && pending.length < READ_AHEAD) {
        const next = await keys.next();
        if (next.done) {
          listed = true;
          break;
        }
        const located = locate(next.value);
        if (!located) continue;
        const body = readText(objects, next.value);
        // Handled here so a fetch that fails while an earlier one is read is not an unhandled rejection; the
        // error still surfaces when its turn comes.
        body.catch(() => undefined);
        pending.push({ key: next.value, fileIndex: located.fileIndex, body });
      }
      const head = pending.shift();
      if (!head) return;
      yield { key: head.key, fileIndex: head.fileIndex, body: await head.body };
    }
  } finally {
    await keys.return?.();
  }
}

async function readText(objects: ObjectStore, key: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of await objects.read(key)) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts).toString('utf8');
}
