import picomatch from 'picomatch';
import type { ImportJobSource } from './import-job';
import type { StoredObject } from '../ports';

/** A file in an import job's drop prefix that a run may import. */
export interface SourceFile extends StoredObject {
  /** The key below the drop prefix: the name the pattern is matched against and the run shows. */
  readonly name: string;
}

/** Why matching files were left out: said in a SOURCE_FILE_NOT_FOUND failure, so people see what was there. */
export interface SourceSelection {
  /** Matching, young enough and small enough, oldest first. */
  readonly eligible: SourceFile[];
  readonly tooOld: number;
  readonly tooLarge: number;
  readonly nameTooLong: number;
}

export interface SourceLimits {
  readonly maxFileNameLength: number;
  readonly maxFileBytes: number;
}

/**
 * The files of a drop prefix a run may pick (§7): the name below the prefix matches the job's glob
 * (`orders-*.csv`; `*` stops at `/`, so files in sub-folders need a pattern that says so), and the file is no
 * older than the job's maximum age. "Folder" markers (keys ending in `/`) are never files.
 */
export function selectSourceFiles(
  objects: Iterable<StoredObject>,
  source: ImportJobSource,
  now: Date,
  limits: SourceLimits,
): SourceSelection {
  const matches = picomatch(source.filenamePattern, { dot: true });
  const oldest = source.maxFileAgeHours === null ? null : now.getTime() - source.maxFileAgeHours * 3_600_000;
  const selection = { eligible: [] as SourceFile[], tooOld: 0, tooLarge: 0, nameTooLong: 0 };
  for (const object of objects) {
    if (!object.key.startsWith(source.prefix) || object.key.endsWith('/')) continue;
    const name = object.key.slice(source.prefix.length);
    if (!matches(name)) continue;
    if (oldest !== null && object.lastModified.getTime() < oldest) selection.tooOld++;
    else if (object.sizeBytes > limits.maxFileBytes) selection.tooLarge++;
    else if (name.length > limits.maxFileNameLength) selection.nameTooLong++;
    else selection.eligible.push({ ...object, name });
  }
  selection.eligible.sort(
    (a, b) => a.lastModified.getTime() - b.lastModified.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return selection;
}
