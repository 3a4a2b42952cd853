import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from '../../core/ports';
import { SourceMissingError } from '../../core/use-cases/split-upload';

/** The upload bucket: raw uploads in, failure documents out. Reads are streams, never whole buffers. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer | string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
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
      // Without s3:ListBucket (deliberately not granted: it cannot be narrowed to a prefix) S3 answers a missing
      // key with 403, not 404. The functions hold s3:GetObject on the prefix, so a 403 here means "gone".
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
        throw new SourceMissingError(`s3://${this.bucket}/${key} does not exist (or is not readable)`);
      }
      throw error;
    }
  }

  async presignPut(
    key: string,
    options: { contentType: string; contentLength?: number; expiresInSeconds: number },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    // The length is signed (S3 refuses a body of another size); the content type is what the client is told to send.
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.contentLength,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
    return {
      url,
      headers: {
        'content-type': options.contentType,
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
      },
    };
  }
}
