import { CHUNK_QUEUE, QUEUES, UPLOAD_EVENTS_QUEUE } from '../../../lib/resources';
import { describeFaults, queuesFor, readFaultPlan } from '../../../local/faults';

describe('Function: readFaultPlan', () => {
  it('injects nothing unless asked', () => {
    const plan = readFaultPlan({});
    expect(plan).toEqual({ duplicateChunks: false, crashMidChunkEvery: undefined, dynamodbThrottleRate: 0, seed: 1, chunkVisibilityTimeoutSeconds: undefined });
    expect(describeFaults(plan)).toBeNull();
    expect(queuesFor(plan, QUEUES, CHUNK_QUEUE)).toEqual(QUEUES);
  });

  it('reads every fault, and shortens only the chunk queue visibility timeout', () => {
    const plan = readFaultPlan({
      LOCAL_FAULT_DUPLICATE_CHUNKS: '1',
      LOCAL_FAULT_CRASH_MID_CHUNK: '3',
      LOCAL_FAULT_DYNAMODB_THROTTLE_RATE: '0.25',
      LOCAL_FAULT_SEED: '42',
      LOCAL_CHUNK_VISIBILITY_TIMEOUT_SECONDS: '4',
    });
    expect(plan).toEqual({ duplicateChunks: true, crashMidChunkEvery: 3, dynamodbThrottleRate: 0.25, seed: 42, chunkVisibilityTimeoutSeconds: 4 });
    const queues = queuesFor(plan, QUEUES, CHUNK_QUEUE);
    expect(queues.find((q) => q.id === CHUNK_QUEUE.id)?.visibilityTimeoutSeconds).toBe(4);
    expect(queues.find((q) => q.id === UPLOAD_EVENTS_QUEUE.id)).toEqual(UPLOAD_EVENTS_QUEUE);
    expect(describeFaults(plan)).toContain('25% of DynamoDB writes throttled');
  });

  it.each([
    ['LOCAL_FAULT_DYNAMODB_THROTTLE_RATE', '1.5'],
    ['LOCAL_FAULT_CRASH_MID_CHUNK', '0'],
    ['LOCAL_FAULT_DUPLICATE_CHUNKS', 'yes'],
    ['LOCAL_CHUNK_VISIBILITY_TIMEOUT_SECONDS', 'soon'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => readFaultPlan({ [name]: value })).toThrow(new RegExp(`^invalid ${name}=`));
  });
});
