import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isPassingCancellation, withTransactionRetries } from '../../../functions/adapters/dynamodb/transaction-retry';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('Function: withTransactionRetries', () => {
  it('tells a throttled or conflicting cancellation from a failed condition', () => {
    expect(isPassingCancellation(cancelled('None', 'ThrottlingError'))).toBe(true);
    expect(isPassingCancellation(cancelled('TransactionConflict', 'None'))).toBe(true);
    expect(isPassingCancellation(cancelled('ConditionalCheckFailed', 'ThrottlingError'))).toBe(false);
    expect(isPassingCancellation(cancelled('None', 'None'))).toBe(false);
    expect(isPassingCancellation(new Error('ThrottlingError'))).toBe(false);
  });

  it('sends again while the transaction is throttled, and gives an answer back unchanged', async () => {
    let calls = 0;
    const throttledTwice = () => (++calls <= 2 ? Promise.reject(cancelled('ThrottlingError', 'None')) : Promise.resolve('written'));
    await expect(withTransactionRetries(throttledTwice)).resolves.toBe('written');
    expect(calls).toBe(3);

    const condition = cancelled('ConditionalCheckFailed', 'None');
    let conditionCalls = 0;
    await expect(withTransactionRetries(() => (conditionCalls++, Promise.reject(condition)))).rejects.toBe(condition);
    expect(conditionCalls).toBe(1);
  });

  it('gives up after its attempts', async () => {
    let calls = 0;
    await expect(withTransactionRetries(() => (calls++, Promise.reject(cancelled('ThrottlingError'))), 3)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(calls).toBe(3);
  });
});
