import type { StoredApiKey } from '../../../functions/core/auth/api-key';
import type { OrgRecipientsStore } from '../../../functions/core/notifications/recipients';
import type { ApiKeyRepository } from '../../../functions/core/ports';
import { freshId, freshOrg, type MakePort } from './fixtures';

/** API keys by the hash of their secret, held by InMemoryApiKeys and DynamoApiKeyRepository alike. */
export function describeApiKeyRepositoryContract(name: string, makePort: MakePort<ApiKeyRepository>): void {
  describe(`ApiKeyRepository contract: ${name}`, () => {
    let keys: ApiKeyRepository;
    beforeEach(async () => {
      keys = await makePort();
    });

    it('finds a key by its hash, optional fields as stored, and none for an unknown hash', async () => {
      const plain: StoredApiKey = { keyHash: freshId('hash-'), keyId: freshId('key-'), orgId: freshOrg(), scopes: ['transactions:create'], createdAt: '2026-11-25T10:00:00.000Z' };
      const full: StoredApiKey = { ...plain, keyHash: freshId('hash-'), name: 'CI', expiresAt: '2027-11-25T10:00:00.000Z', revokedAt: '2026-12-01T00:00:00.000Z' };
      await keys.put(plain);
      await keys.put(full);
      expect(await keys.findByHash(plain.keyHash)).toEqual(plain);
      expect(await keys.findByHash(full.keyHash)).toEqual(full);
      expect(await keys.findByHash(freshId('hash-'))).toBeNull();
    });

    it('refuses a second key under the same hash and keeps the first', async () => {
      const key: StoredApiKey = { keyHash: freshId('hash-'), keyId: freshId('key-'), orgId: freshOrg(), scopes: ['transactions:create'], createdAt: '2026-11-25T10:00:00.000Z' };
      await keys.put(key);
      await expect(keys.put({ ...key, keyId: freshId('key-'), orgId: freshOrg() })).rejects.toThrow();
      expect(await keys.findByHash(key.keyHash)).toEqual(key);
    });
  });
}

/** An org's default email recipients (§10), held by InMemoryOrgRecipients and DynamoOrgRecipients alike. */
export function describeOrgRecipientsContract(name: string, makePort: MakePort<OrgRecipientsStore>): void {
  describe(`OrgRecipientsStore contract: ${name}`, () => {
    let recipients: OrgRecipientsStore;
    beforeEach(async () => {
      recipients = await makePort();
    });

    it('keeps one list per org, in order, replaces it, and clears it with an empty list', async () => {
      const [org, other] = [freshOrg(), freshOrg()];
      expect(await recipients.forOrg(org)).toEqual([]);
      const given = ['b@example.com', 'a@example.com'];
      await recipients.setForOrg(org, given, '2026-11-25T10:00:00.000Z');
      given.push('late@example.com');
      await recipients.setForOrg(other, ['c@example.com'], '2026-11-25T10:00:00.000Z');
      expect(await recipients.forOrg(org)).toEqual(['b@example.com', 'a@example.com']);
      await recipients.setForOrg(org, ['d@example.com'], '2026-11-25T11:00:00.000Z');
      expect(await recipients.forOrg(org)).toEqual(['d@example.com']);
      await recipients.setForOrg(org, [], '2026-11-25T12:00:00.000Z');
      await recipients.setForOrg(org, [], '2026-11-25T12:00:00.000Z');
      expect(await recipients.forOrg(org)).toEqual([]);
      expect(await recipients.forOrg(other)).toEqual(['c@example.com']);
    });
  });
}
