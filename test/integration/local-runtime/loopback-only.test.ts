import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';

/**
 * Every listening socket of the local stack is on 127.0.0.1 only: from another address of this machine (as a
 * laptop's neighbours on the network would reach it) each port refuses the connection.
 */

interface StackFile {
  readonly url: string;
  readonly endpoints: Record<'dynamodb' | 's3' | 'sqs' | 'ses' | 'scheduler', string>;
}

const stack = JSON.parse(readFileSync(process.env.E2E_LOCAL_STACK_FILE as string, 'utf8')) as StackFile;
const ports: Array<[string, number]> = [
  ['DynamoDB Local', Number(new URL(stack.endpoints.dynamodb).port)],
  ['fauxqs (SQS, and the S3 behind the gateway)', Number(new URL(stack.endpoints.sqs).port)],
  ['S3 gateway', Number(new URL(stack.endpoints.s3).port)],
  ['SES emulator', Number(new URL(stack.endpoints.ses).port)],
  ['Scheduler stand-in', Number(new URL(stack.endpoints.scheduler).port)],
  ['HTTP API', Number(new URL(stack.url).port)],
];

/** This machine's first IPv4 address that is not loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;

function tryConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('Local stack: listening sockets', () => {
  it('knows every emulator port', () => {
    expect(ports.every(([, port]) => Number.isInteger(port) && port > 0)).toBe(true);
  });

  it.each(ports)('%s answers on 127.0.0.1', async (_name, port) => {
    await expect(tryConnect('127.0.0.1', port)).resolves.toBe('connected');
  });

  // A machine with no address but loopback cannot show the difference; this one is skipped there, and says why.
  (outsideAddress ? it.each(ports) : it.skip.each(ports))(
    `%s refuses a connection on this machine's non-loopback address (${outsideAddress ?? 'none: the machine has only loopback'})`,
    async (_name, port) => {
      await expect(tryConnect(outsideAddress!, port)).resolves.toBe('ECONNREFUSED');
    },
  );
});
