import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { SqlDriver } from '../../db/driver.ts';
import { withDecideFastPath } from './decide-fast-path.ts';

export interface NodeServeOptions {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  database: () => SqlDriver;
  clock: () => number;
  port: number;
  hostname: string;
  decideBudgetMs?: number;
  /** Called for every request the decide fast path hands to the app (tests use it to see which way a request went). */
  onPassedToApp?: (incoming: IncomingMessage) => void;
}

/**
 * The app on node:http, with POST /v1/decide — the hot path — answered by the fast path that skips Hono's
 * Request/Response adapter while answering exactly what the app would.
 */
export function serveNode(options: NodeServeOptions, onListening?: (address: AddressInfo) => void): Server {
  const passOn = options.onPassedToApp;
  const withFastDecide = ((serverOptions: ServerOptions, listener: RequestListener) => {
    const app = listener as (incoming: IncomingMessage, outgoing: ServerResponse) => unknown;
    const toApp = passOn === undefined ? app : (incoming: IncomingMessage, outgoing: ServerResponse) => (passOn(incoming), app(incoming, outgoing));
    return createServer(serverOptions, withDecideFastPath({ database: options.database, clock: options.clock, decideBudgetMs: options.decideBudgetMs }, toApp));
  }) as typeof createServer;
  return serve({ fetch: options.fetch, port: options.port, hostname: options.hostname, createServer: withFastDecide }, onListening) as Server;
}
