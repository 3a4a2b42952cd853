import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createWorld } from '../../support/world';

describe('Use case: createApiKey', () => {
  it('refuses an expiry that is not in the future: such a key could never authenticate', async () => {
    const { deps } = createWorld(); // the fake clock reads 2026-11-25T10:00:00Z
    for (const expiresAt of ['2020-01-01T00:00:00Z', '2026-11-25T10:00:00Z']) {
      await expect(createApiKey(deps, { orgId: 'org-a', scopes: ['events:create'], expiresAt })).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'The expiry is in the past',
      });
    }
    const created = await createApiKey(deps, { orgId: 'org-a', scopes: ['events:create'], expiresAt: '2026-11-25T10:00:01Z' });
    expect(created.orgId).toBe('org-a');
  });
});
