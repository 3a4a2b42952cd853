import { InMemoryChunkQueue, InMemoryObjects } from '../../support/fakes';
import { ObjectsProbe, RecordingUploadEvents } from '../../support/lease-fakes';
import { InMemorySplitContinuations } from '../../support/split-fakes';
import { describeChunkQueueContract, describeSplitRequestsContract, describeUploadProbeContract } from '../../support/contracts/queue-and-probe.contract';

// The same suites run over SqsChunkQueue and S3UploadProbe in test/integration/adapters/sqs-s3-ports.contract.test.ts.
describeChunkQueueContract('InMemoryChunkQueue', () => {
  const queue = new InMemoryChunkQueue();
  return { queue, receive: async (count: number) => queue.sent.splice(0, count) };
});
describeUploadProbeContract('ObjectsProbe over InMemoryObjects', () => {
  const objects = new InMemoryObjects();
  return { probe: new ObjectsProbe(objects), store: (key: string) => objects.put(key, 'a,b\n', 'text/csv') };
});
describeSplitRequestsContract('RecordingUploadEvents and InMemorySplitContinuations', () => {
  const uploadEvents = new RecordingUploadEvents();
  const continuations = new InMemorySplitContinuations();
  return {
    uploadEvents,
    continuations,
    receive: async () => [
      ...uploadEvents.take().map((target) => ({ via: 'upload' as const, ...target })),
      ...continuations.sent.splice(0).map((target) => ({ via: 'continuation' as const, ...target })),
    ],
  };
});
