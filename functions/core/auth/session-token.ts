import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What a dashboard session cookie carries: which key signed in (by the hash the key store is keyed by, so every
 * request can look the key up again and see it revoked or expired) and when the session ends.
 */
export interface SessionClaims {
  readonly keyHash: string;
  readonly expiresAt: Date;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;

/**
 * Seals session claims into a cookie value and opens them again: AES-256-GCM under a key derived from the
 * service's session secret. GCM authenticates as well as hides, so a cookie that was forged, altered or sealed
 * under another secret does not open; and the cookie shows nothing of the key (not even its hash) to whoever reads
 * it. The key itself is never in it.
 */
export class SessionSealer {
  private key: Promise<Buffer> | undefined;

  /** `secret` is read once, on first use (in AWS it is fetched from Secrets Manager). */
  constructor(private readonly secret: () => Promise<string>) {}

  async seal(claims: SessionClaims): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOnce(), iv);
    const plain = Buffer.from(JSON.stringify({ v: VERSION, h: claims.keyHash, e: Math.floor(claims.expiresAt.getTime() / 1000) }), 'utf8');
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The claims of a cookie value that opens and has not expired at `now`; undefined for anything else. */
  async open(token: string, now: Date): Promise<SessionClaims | undefined> {
    if (!/^[A-Za-z0-9_-]{40,1024}$/.test(token)) return undefined;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', await this.keyOnce(), bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
    const claims = JSON.parse(plain) as { v?: unknown; h?: unknown; e?: unknown };
    if (claims.v !== VERSION || typeof claims.h !== 'string' || typeof claims.e !== 'number') return undefined;
    const expiresAt = new Date(claims.e * 1000);
    if (expiresAt.getTime() <= now.getTime()) return undefined;
    return { keyHash: claims.h, expiresAt };
  }

  private keyOnce(): Promise<Buffer> {
    this.key ??= this.secret().then((secret) => Buffer.from(hkdfSync('sha256', secret, 'batch-import-session', 'session-cookie-v1', 32)));
    // A failed fetch of the secret is tried again on the next request rather than remembered.
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}
