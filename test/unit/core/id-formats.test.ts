import { ID_PATTERN, NAMESPACE_PATTERN, ORG_ID_PATTERN, SCHEDULE_NAME_PATTERN } from '../../../functions/core/id-formats';
import { parseUploadKey, uploadKey } from '../../../functions/core/files/object-keys';

describe('Module: id-formats', () => {
  it('accepts the ids the service hands out, and nothing that could not name one', () => {
    expect(ID_PATTERN.test('6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11')).toBe(true);
    expect(ID_PATTERN.test('a'.repeat(64))).toBe(true);
    for (const bad of ['', 'a'.repeat(65), 'job_1', 'job/1', '../etc', 'job 1']) expect(ID_PATTERN.test(bad)).toBe(false);
  });

  it('is the rule the object keys embed', () => {
    expect(parseUploadKey(uploadKey('6f1c2b9e-6a7d', 3))).toEqual({ runId: '6f1c2b9e-6a7d', fileIndex: 3 });
    expect(parseUploadKey(uploadKey('job_1', 3))).toBeNull();
  });

  it('keeps the names apart: orgs take _, namespaces and schedules take _ and .', () => {
    expect(ORG_ID_PATTERN.test('acme_eu-1')).toBe(true);
    expect(ORG_ID_PATTERN.test('acme.eu')).toBe(false);
    expect(NAMESPACE_PATTERN.test('billing.v2_eu-1')).toBe(true);
    expect(SCHEDULE_NAME_PATTERN.test('import-job-6f1c2b9e-retry-2')).toBe(true);
    expect(SCHEDULE_NAME_PATTERN.test('a'.repeat(65))).toBe(false);
  });
});
