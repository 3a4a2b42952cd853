import { jsonOrUndefined } from '../../../functions/core/json-text';

describe('Function: jsonOrUndefined', () => {
  it('gives the value of JSON text', () => {
    expect(jsonOrUndefined('{"jobId":"a","rows":[1,2]}')).toEqual({ jobId: 'a', rows: [1, 2] });
    expect(jsonOrUndefined('null')).toBeNull();
    expect(jsonOrUndefined(' 3 ')).toBe(3);
  });

  it('gives undefined for text that is not JSON', () => {
    expect(jsonOrUndefined('')).toBeUndefined();
    expect(jsonOrUndefined('{"jobId":')).toBeUndefined();
    expect(jsonOrUndefined('not json')).toBeUndefined();
  });
});
