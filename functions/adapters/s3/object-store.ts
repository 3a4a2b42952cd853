import {
  CopyObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore, StoredObject } from '../../core/ports';
import { SourceMissingError } from '../../core/errors';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectRemover } from '../../core/control/ports';

/**
 * The upload bucket: raw uploads in, failure documents and reports out. Reads and generated writes are streams,
 * never whole buffers.
 */
export class S3ObjectStore implements ObjectStore, ObjectRemover {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer | string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** Deleting a key that is not there is not an error (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async read(key: string): Promise<Readable> {
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!Body) throw new SourceMissingError(`s3://${this.bucket}/${key} has no body`);
      return Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        throw new SourceMissingError(`s3://${this.bucket}/${key} does not exist`);
      }
      // Without s3:ListBucket on the key's prefix S3 answers a missing key with 403, not 404. The functions hold
      // s3:GetObject on the prefix, so a 403 here means "gone".
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
        throw new SourceMissingError(`s3://${this.bucket}/${key} does not exist (or is not readable)`);
      }
      throw error;
    }
  }

  async presignPut(
    key: string,
    options: { contentType: string; contentLength?: number; expiresInSeconds: number; createOnly?: boolean },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    // The length is signed (S3 refuses a body of another size); the content type is what the client is told to send.
    // `If-None-Match: *` is signed too: a conditional write, which S3 refuses (412) once the key holds an object,
    // so the URL can land one file and never replace it, and a PUT without the header fails its signature.
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.contentLength,
      IfNoneMatch: options.createOnly ? '*' : undefined,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
    return {
      url,
      headers: {
        'content-type': options.contentType,
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
        ...(options.createOnly ? { 'if-none-match': '*' } : {}),
      },
    };
  }

  async *list(prefix: string): AsyncIterable<string> {
    // ListObjectsV2 answers keys in UTF-8 binary order, 1,000 a page; the next page is asked for only when needed.
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    }
  }

  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    // Multipart in 8 MiB parts, at most 4 in flight: memory stays bounded whatever the object's size.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
    });
    await upload.done();
  }

  async presignGet(key: string, options: { expiresInSeconds: number; fileName: string; contentType: string }): Promise<string> {
    // S3 answers the download with these headers, so the browser saves it under the name instead of showing it.
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition: `attachment; filename="${options.fileName.replace(/["\\\r\n]/g, '_')}"`,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  async *listObjects(prefix: string): AsyncIterable<StoredObject> {
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key,
          eTag: (object.ETag ?? '').replace(/"/g, ''),
          lastModified: object.LastModified ?? new Date(0),
          sizeBytes: object.Size ?? 0,
        };
      }
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    // One CopyObject takes objects up to 5 GB, above the largest file the service accepts (3.5 GB). The copy
    // source is `bucket/key` with the key URL-encoded (S3 decodes it).
    const copySource = `${this.bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`;
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: toKey, CopySource: copySource }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name === 'NoSuchKey' || status === 404) throw new SourceMissingError(`s3://${this.bucket}/${fromKey} does not exist`);
      throw error;
    }
  }
}
