import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SqlDriver } from '../../db/driver.ts';
import { isAllowedOrigin } from '../browser/cors.ts';
import { createDecider, deviceOf, KeyRefusedError, withinBudget, type Decision } from '../browser/decide.ts';
import { DEFAULT_DECIDE_BUDGET_MS } from '../browser/routes.ts';
import { decideSchema, type DecideRequest } from '../browser/schema.ts';
import { apiError } from '../http/errors.ts';
import { keyHash } from '../workspaces/keys.ts';
import { readBodyText, rememberBody } from './body.ts';

type Listener = (incoming: IncomingMessage, outgoing: ServerResponse) => unknown;

export interface DecideFastPathOptions {
  database: () => SqlDriver;
  clock: () => number;
  decideBudgetMs?: number;
}

/** Decide bodies are a visitor id, a few slot names and the page's URL; anything bigger takes the app's way. */
const MAX_FAST_BODY_BYTES = 64 * 1024;
const PATH = '/v1/decide';
/** A query the fast path reads exactly as Hono would: no percent-encoding, no `+`, nothing a URL parser rewrites. */
const PLAIN_QUERY = /^[A-Za-z0-9_.~=&-]*$/;
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * POST /v1/decide on Node without building WHATWG Request/Response objects: at a few tens of microseconds per
 * request, Hono's adapter costs as much as the decision itself. The answer is the app's answer byte for byte
 * (status, body, headers): the same decider, schema, key rules, CORS admission and fail-open fallback. Only
 * the ordinary case is handled here — a plain URL, a declared small body, a publishable key, valid JSON, a known
 * key and an admitted origin. Everything else (errors of any kind, preflights, odd URLs, duplicate headers) is
 * passed to the app, with the body already read handed over, so every refusal is written by the app's own code.
 * The Worker never sees this: it serves decide through Hono.
 */
export function withDecideFastPath(options: DecideFastPathOptions, app: Listener): Listener {
  const decider = createDecider();
  const budgetMs = options.decideBudgetMs ?? DEFAULT_DECIDE_BUDGET_MS;
  const validHosts = new Map<string, boolean>();

  /** @hono/node-server refuses a Host header that a URL would rewrite (400); such requests go to the app. */
  function isPlainHost(host: string): boolean {
    let valid = validHosts.get(host);
    if (valid === undefined) {
      try {
        const url = new URL(`http://${host}${PATH}`);
        valid = url.hostname.length === host.length || url.hostname === host.replace(/:\d+$/, '');
      } catch {
        valid = false;
      }
      if (validHosts.size >= 100) validHosts.clear();
      validHosts.set(host, valid);
    }
    return valid;
  }

  return function decideFastPath(incoming, outgoing) {
    const url = incoming.url ?? '';
    if (incoming.method !== 'POST' || !url.startsWith(PATH) || (url.length > PATH.length && url.charCodeAt(PATH.length) !== 63 /* ? */)) {
      return app(incoming, outgoing);
    }
    const key = keyOf(incoming, url);
    const headers = incoming.headers;
    const declared = headers['content-length'];
    if (
      key === null ||
      headers['transfer-encoding'] !== undefined ||
      declared === undefined ||
      !(Number(declared) <= MAX_FAST_BODY_BYTES) ||
      headers.host === undefined ||
      !isPlainHost(headers.host)
    ) {
      return app(incoming, outgoing);
    }
    const now = options.clock();
    return readBodyText(incoming).then(
      (text) =>
        answer(incoming, outgoing, key, text, now).catch((error: unknown) => {
          // Not expected (the decider fails open by itself); the app answers as it would have from the start.
          console.error('[rfm-edge] decide fast path failed; the app answers instead:', error);
          if (!outgoing.headersSent) return app(incoming, outgoing);
          outgoing.destroy();
        }),
      () => undefined, // the client went away mid-body: there is no one to answer
    );
  };

  async function answer(incoming: IncomingMessage, outgoing: ServerResponse, key: string, text: string, now: number): Promise<unknown> {
    rememberBody(incoming, text);
    const request = parsedRequest(text);
    if (request === null) return app(incoming, outgoing);
    const hashedKey = await keyHash(key);
    const origin = incoming.headers.origin;
    let result: { decision: Decision; allowedOrigins: readonly string[] };
    try {
      const { decision, rules } = await withinBudget(
        decider.decide(options.database(), hashedKey, request, now, {
          device: deviceOf(incoming.headers['user-agent']),
          // Cloudflare sets the visitor's country; elsewhere a proxy may.
          country: (incoming.headers['cf-ipcountry'] as string | undefined) ?? undefined,
        }),
        budgetMs,
      );
      result = { decision, allowedOrigins: rules.workspace.allowedOrigins };
    } catch (error) {
      if (error instanceof KeyRefusedError) return app(incoming, outgoing);
      return fallback(outgoing, request, hashedKey, origin, error);
    }
    if (origin !== undefined && !isAllowedOrigin(origin, result.allowedOrigins)) return app(incoming, outgoing);
    return send(outgoing, 200, JSON.stringify(result.decision), origin);
  }

  /** Fail open, as the app does: the page keeps its default content; CORS as far as the last rules seen allow. */
  async function fallback(outgoing: ServerResponse, request: DecideRequest, hashedKey: string, origin: string | undefined, error: unknown) {
    const cached = decider.cachedRulesForKey(hashedKey);
    if (cached && origin !== undefined && !isAllowedOrigin(origin, cached.workspace.allowedOrigins)) {
      const refusal = apiError(403, 'origin_not_allowed', `Origin ${origin} is not an allowed origin of this workspace; add it to the workspace's allowed origins`).getResponse();
      outgoing.writeHead(refusal.status, { 'content-type': refusal.headers.get('content-type') ?? 'application/json; charset=utf-8' });
      outgoing.end(await refusal.text());
      return;
    }
    console.warn(`[rfm-edge] decide fell back to default content: ${error instanceof Error ? error.message : String(error)}`);
    const answer: Decision = { visitorId: request.visitorId, segments: [], slots: {}, fallback: true };
    send(outgoing, 200, JSON.stringify(answer), cached ? origin : undefined);
  }
}

/** The app's header order and spelling for `context.json(decision, 200, {'Cache-Control': 'no-store'})`, CORS added when admitted. */
function send(outgoing: ServerResponse, status: number, body: string, corsOrigin: string | undefined): void {
  const length = Buffer.byteLength(body);
  outgoing.writeHead(
    status,
    corsOrigin === undefined
      ? ['cache-control', 'no-store', 'content-type', 'application/json', 'Content-Length', String(length)]
      : ['access-control-allow-origin', corsOrigin, 'cache-control', 'no-store', 'content-type', 'application/json', 'vary', 'Origin', 'Content-Length', String(length)],
  );
  outgoing.end(body);
}

/**
 * The publishable key, read the way the app reads it (`Authorization: Bearer`, else `?key=`), or null when the app
 * should answer: no key, another kind of key, a malformed header, a query only a full URL parser reads the same,
 * or a header sent twice (Node keeps the first, the app joins them).
 */
function keyOf(incoming: IncomingMessage, url: string): string | null {
  const raw = incoming.rawHeaders;
  let authorizations = 0;
  let userAgents = 0;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization') authorizations++;
    else if (name.length === 10 && name.toLowerCase() === 'user-agent') userAgents++;
  }
  if (authorizations > 1 || userAgents > 1) return null;
  const query = url.length > PATH.length ? url.slice(PATH.length + 1) : '';
  if (!PLAIN_QUERY.test(query)) return null;
  const authorization = incoming.headers.authorization;
  let key: string | undefined;
  if (authorization) {
    key = BEARER.exec(authorization.trim())?.[1];
  } else {
    key = queryParameter(query, 'key');
  }
  return key !== undefined && key.startsWith('pk_') ? key : null;
}

/** The first `name=value` of a plain query, as Hono's `c.req.query(name)` finds it; '' for a bare `name`. */
function queryParameter(query: string, name: string): string | undefined {
  for (const part of query.split('&')) {
    if (part === name) return '';
    if (part.startsWith(name) && part.charCodeAt(name.length) === 61 /* = */) return part.slice(name.length + 1);
  }
  return undefined;
}

function parsedRequest(text: string): DecideRequest | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = decideSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}
