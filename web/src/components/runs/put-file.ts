/** Headers a script may not set (the browser sends them itself, e.g. the body's length). */
const SET_BY_BROWSER = new Set(['content-length', 'host', 'connection']);

export class UploadFailed extends Error {}

/**
 * PUTs a file to a presigned URL with the headers the service signed, reporting progress as it goes. An
 * XMLHttpRequest, because fetch tells nothing about how much of a request body has been sent.
 */
export function putFile(
  upload: { uploadUrl: string; uploadMethod: string; uploadHeaders: Record<string, string> },
  file: Blob,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(upload.uploadMethod, upload.uploadUrl);
    for (const [name, value] of Object.entries(upload.uploadHeaders)) {
      if (!SET_BY_BROWSER.has(name.toLowerCase())) request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(file.size, file.size);
        resolve();
        return;
      }
      // S3 answers an XML error; its Message is the part a person can read.
      const message = /<Message>([^<]*)<\/Message>/.exec(request.responseText ?? '')?.[1];
      reject(new UploadFailed(`The storage refused the file (${request.status}${message ? `: ${message}` : ''}).`));
    };
    request.onerror = () => reject(new UploadFailed('The file could not be sent to the storage: the connection failed.'));
    request.onabort = () => reject(new UploadFailed('The upload was stopped.'));
    request.send(file);
  });
}
