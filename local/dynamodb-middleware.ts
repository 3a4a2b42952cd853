import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type MiddlewareStack = DynamoDBClient['middlewareStack'];
type Send = (...args: unknown[]) => unknown;

/**
 * Runs `apply` once on the middleware stack of every DynamoDB client of this process (a document client shares its
 * client's stack), at the client's first `send`: how the local stack reaches the clients the handlers build for
 * themselves, for the benchmark's call counter and the throttling faults. Each install wraps the previous one, and
 * calls the SDK's base `send` as it is at call time (the mid-chunk crash of faults.ts replaces that one).
 */
export function onEveryDynamoDbClient(apply: (stack: MiddlewareStack) => void): void {
  const applied = new WeakSet<object>();
  for (const ClientClass of [DynamoDBClient, DynamoDBDocumentClient]) {
    const prototype = ClientClass.prototype as unknown as { send: Send };
    const own = Object.prototype.hasOwnProperty.call(prototype, 'send') ? prototype.send : undefined;
    prototype.send = function sendWithMiddleware(this: { middlewareStack: MiddlewareStack }, ...args: unknown[]) {
      if (!applied.has(this.middlewareStack)) {
        applied.add(this.middlewareStack);
        apply(this.middlewareStack);
      }
      const send = own ?? (Object.getPrototypeOf(prototype) as { send: Send }).send;
      return send.apply(this, args);
    };
  }
}
