import { InMemoryChunkQueue, InMemoryObjects } from '../../support/fakes';
import { ObjectsProbe } from '../../support/lease-fakes';
import { describeChunkQueueContract, describeUploadProbeContract } from '../../support/contracts/queue-and-probe.contract';

// The same suites run over SqsChunkQueue and S3UploadProbe in test/integration/adapters/sqs-s3-ports.contract.test.ts.
describeChunkQueueContract('InMemoryChunkQueue', () => {
  const queue = new InMemoryChunkQueue();
  return { queue, receive: async (count: number) => queue.sent.splice(0, count) };
});
describeUploadProbeContract('ObjectsProbe over InMemoryObjects', () => {
  const objects = new InMemoryObjects();
  return { probe: new ObjectsProbe(objects), store: (key: string) => objects.put(key, 'a,b\n', 'text/csv') };
});
