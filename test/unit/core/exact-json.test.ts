import { parseJsonExactly } from '../../../functions/core/files/exact-json';

describe('Function: parseJsonExactly', () => {
  it('keeps a number a double cannot hold as the digits the client wrote', () => {
    const parsed = parseJsonExactly('{"amount":12345678901234567.89,"id":9007199254740993,"huge":1e400}');
    expect(parsed).toEqual({ amount: '12345678901234567.89', id: '9007199254740993', huge: '1e400' });
    // What JSON.parse alone would have made of them:
    expect(JSON.parse('{"amount":12345678901234567.89}')).toEqual({ amount: 12345678901234568 });
  });

  it('leaves numbers a double holds exactly as numbers, on the fast path and on the exact one', () => {
    expect(parseJsonExactly('{"amount":1250.75,"n":[1,-2,0.1]}')).toEqual({ amount: 1250.75, n: [1, -2, 0.1] });
    // A long digit string elsewhere sends the text down the exact path; short numbers come out the same.
    expect(parseJsonExactly('{"ref":"12345678901234567890","amount":1250.75,"e":1.5e3}')).toEqual({
      ref: '12345678901234567890',
      amount: 1250.75,
      e: 1500,
    });
  });

  it('behaves like JSON.parse otherwise: the last repeated key wins, invalid JSON throws a SyntaxError', () => {
    expect(parseJsonExactly('{"a":1,"a":12345678901234567890}')).toEqual({ a: '12345678901234567890' });
    expect(() => parseJsonExactly('{"a":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseJsonExactly('{"a":1')).toThrow(SyntaxError);
  });
});
