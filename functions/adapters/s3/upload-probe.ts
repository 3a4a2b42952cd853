import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { UploadProbe } from '../../core/leases/ports';

/** Whether an upload is stored: a HeadObject (with s3:ListBucket on the prefix, a missing key answers 404). */
export class S3UploadProbe implements UploadProbe {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }
}
