import fc from 'fast-check';
import { SessionSealer } from '../../../functions/core/auth/session-token';

const SECRET = 'a-test-secret-of-at-least-32-characters!!';
const NOW = new Date('2026-11-25T10:00:00.000Z');
const claims = { keyHash: 'a'.repeat(64), expiresAt: new Date('2026-11-25T18:00:00.000Z') };

describe('Class: SessionSealer', () => {
  const sealer = new SessionSealer(async () => SECRET);

  it('opens what it sealed, before the expiry', async () => {
    // Act
    const token = await sealer.seal(claims);
    // Assert
    expect(await sealer.open(token, NOW)).toEqual(claims);
  });

  it('hides the key hash: the cookie value shows nothing of it', async () => {
    const token = await sealer.seal(claims);
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('aaaa');
    expect(token).not.toContain('aaaa');
  });

  it('refuses a session at or after its expiry', async () => {
    const token = await sealer.seal(claims);
    expect(await sealer.open(token, claims.expiresAt)).toBeUndefined();
    expect(await sealer.open(token, new Date(claims.expiresAt.getTime() + 1000))).toBeUndefined();
  });

  it('refuses a cookie sealed under another secret', async () => {
    const token = await new SessionSealer(async () => 'another-secret-of-at-least-32-characters').seal(claims);
    expect(await sealer.open(token, NOW)).toBeUndefined();
  });

  it('refuses any cookie with one byte changed (authenticated encryption)', async () => {
    const token = await sealer.seal(claims);
    const bytes = Buffer.from(token, 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const tampered = Buffer.from(bytes);
        tampered[at] = (tampered[at] as number) ^ flip;
        expect(await sealer.open(tampered.toString('base64url'), NOW)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses values that are not cookies it could have made', async () => {
    for (const value of ['', 'abc', 'x'.repeat(2000), 'not base64url!!'.repeat(5), Buffer.alloc(60).toString('base64url')]) {
      expect(await sealer.open(value, NOW)).toBeUndefined();
    }
  });

  it('asks for the secret once, and again after a failed fetch', async () => {
    // Arrange
    let calls = 0;
    const flaky = new SessionSealer(async () => {
      calls += 1;
      if (calls === 1) throw new Error('extension not ready');
      return SECRET;
    });
    // Act / Assert
    await expect(flaky.seal(claims)).rejects.toThrow('extension not ready');
    const token = await flaky.seal(claims);
    await flaky.open(token, NOW);
    expect(calls).toBe(2);
  });
});
