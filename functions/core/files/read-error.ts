/** A file that cannot be read as a whole; the run ends failed with this code. */
export class FileReadError extends Error {
  constructor(
    readonly code: 'FILE_UNREADABLE' | 'ENCODING_ERROR' | 'EMPTY_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}
