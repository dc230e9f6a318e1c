import type { IncomingMessage } from 'node:http';

/** Bodies the decide fast path read before handing the request on to the app: the app gets the same text. */
const bodiesReadAhead = new WeakMap<IncomingMessage, string>();

/** Reads the whole body of a Node request as UTF-8 text. */
export function readBodyText(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}

/** Keeps a body that was read ahead, so `readIncomingBody` answers it when the request is passed on. */
export function rememberBody(incoming: IncomingMessage, text: string): void {
  bodiesReadAhead.set(incoming, text);
}

/**
 * Reads a request body straight from Node's IncomingMessage. Asking the Request for its text instead makes
 * @hono/node-server build a full WHATWG Request and stream, which costs several times a whole decide.
 * Undefined when the body was already touched (then the caller reads it the standard way).
 */
export function readIncomingBody(bindings: unknown): Promise<string> | undefined {
  const incoming = (bindings as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return undefined;
  const readAhead = bodiesReadAhead.get(incoming);
  if (readAhead !== undefined) return Promise.resolve(readAhead);
  if (incoming.readableDidRead || incoming.readableEnded) return undefined;
  return readBodyText(incoming);
}
