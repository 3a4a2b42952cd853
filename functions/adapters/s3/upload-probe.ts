import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { UploadProbe } from '../../core/leases/ports';

/**
 * Whether an upload is stored: a HeadObject. Without s3:ListBucket S3 answers a missing key with 403, not 404; the
 * sweeper holds s3:GetObject on the upload prefix, so a 403 there means "not stored".
 */
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
      if (name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404 || $metadata?.httpStatusCode === 403) return false;
      throw error;
    }
  }
}
