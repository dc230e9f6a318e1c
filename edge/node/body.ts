import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body straight from Node's IncomingMessage. Asking the Request for its text instead makes
 * @hono/node-server build a full WHATWG Request and stream, which costs several times a whole decide.
 * Undefined when the body was already touched (then the caller reads it the standard way).
 */
export function readIncomingBody(bindings: unknown): Promise<string> | undefined {
  const incoming = (bindings as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableDidRead || incoming.readableEnded) return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}
