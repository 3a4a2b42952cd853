import {
  insertAttributeNames,
  marshalledItemBytes,
  plainItemBytes,
  readUnitsFor,
  writeUnitsFor,
} from '../../../bench/capacity-units';

describe('Module: capacity-units (the benchmark\'s model of AWS capacity units)', () => {
  it('charges a write 1 unit per KB, rounded up, at least 1, and twice that in a transaction', () => {
    expect(writeUnitsFor(0)).toBe(1);
    expect(writeUnitsFor(300)).toBe(1);
    expect(writeUnitsFor(1024)).toBe(1);
    expect(writeUnitsFor(1025)).toBe(2);
    expect(writeUnitsFor(300, true)).toBe(2);
    expect(writeUnitsFor(2500, true)).toBe(6);
  });

  it('charges a read 1 unit per 4 KB strongly consistent, half eventually, twice in a transaction; a miss costs the minimum', () => {
    expect(readUnitsFor(0, 'strong')).toBe(1);
    expect(readUnitsFor(4096, 'strong')).toBe(1);
    expect(readUnitsFor(4097, 'strong')).toBe(2);
    expect(readUnitsFor(100, 'eventual')).toBe(0.5);
    expect(readUnitsFor(100, 'transactional')).toBe(2);
  });

  it('sizes items by attribute names and values, marshalled or plain alike', () => {
    const marshalled = { pk: { S: 'ORG#o#TXN#1' }, rowNumber: { N: '12345' }, data: { M: { amount: { S: '1.50' } } } };
    const plain = { pk: 'ORG#o#TXN#1', rowNumber: 12345, data: { amount: '1.50' } };
    // pk: 2 + 11; rowNumber: 9 + (5 digits → 3 + 1); data: 4 + 3 + (amount 6 + 4) + 1
    expect(marshalledItemBytes(marshalled)).toBe(13 + 13 + 18);
    expect(plainItemBytes(plain)).toBe(marshalledItemBytes(marshalled));
    expect(marshalledItemBytes({ name: { S: 'é' } })).toBe(4 + 2); // UTF-8 bytes, not characters
  });

  it('reads the attribute names of a PartiQL INSERT in parameter order, and nothing from other statements', () => {
    expect(insertAttributeNames(`INSERT INTO "t" VALUE {'pk': ?, 'sk': ?, 'data': ?}`)).toEqual(['pk', 'sk', 'data']);
    expect(insertAttributeNames(`SELECT * FROM "t" WHERE pk = ?`)).toBeNull();
  });
});
