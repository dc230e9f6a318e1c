import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCustomerId } from '../../edge/browser/identity.ts';
import { createApp } from '../../edge/app.ts';
import { readIncomingBody } from '../../edge/node/body.ts';
import { serveNode } from '../../edge/node/serve.ts';
import { apiClient, SHOP_ORIGIN, type ApiClient, type WorkspaceKeys } from '../scenarios/client.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

interface RawAnswer {
  status: number;
  /** Raw header lines in the order sent, `Date` left out (it is the only one that changes between two answers). */
  headers: string[];
  body: string;
}

interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string;
}

/** A named request, built once the workspace exists. */
type Case = [name: string, make: () => RawRequest];

function send(port: number, raw: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
    const headers: Record<string, string | string[]> = { ...raw.headers };
    if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'transfer-encoding')) headers['content-length'] = String(body.length);
    const outgoing = httpRequest({ host: '127.0.0.1', port, method: raw.method ?? 'POST', path: raw.path, headers, agent: false }, (incoming: IncomingMessage) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const lines: string[] = [];
        for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
          if (incoming.rawHeaders[index]!.toLowerCase() !== 'date') lines.push(`${incoming.rawHeaders[index]}: ${incoming.rawHeaders[index + 1]}`);
        }
        resolve({ status: incoming.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks).toString('utf8') });
      });
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    if (body !== undefined && headers['transfer-encoding'] !== undefined) {
      outgoing.write(body.subarray(0, 5));
      outgoing.end(body.subarray(5));
    } else {
      outgoing.end(body);
    }
  });
}

const listening = (server: Server) =>
  new Promise<number>((resolve) => (server.listening ? resolve((server.address() as AddressInfo).port) : server.once('listening', () => resolve((server.address() as AddressInfo).port))));

/**
 * The Node fast path for POST /v1/decide must be invisible: the same requests sent to a server with it and to the
 * plain Hono app (same database, same clock) get the same status, the same header lines in the same order, and the
 * same bytes of body. Requests it handles itself are checked to really have been handled by it.
 */
describe('decide fast path on Node answers exactly what the app route answers', () => {
  let harness: NodeHarness;
  let keys: WorkspaceKeys;
  let fastServer: Server;
  let appServer: Server;
  let fastPort: number;
  let appPort: number;
  const passedToApp: string[] = [];
  let contentRuleId: string;

  beforeAll(async () => {
    harness = await startNodeHarness(Date.now());
    keys = await harness.workspace();
    const clock = () => harness.clock.now;
    const app = createApp({ database: () => harness.driver, clock, readBody: readIncomingBody });
    const api: ApiClient = apiClient((request) => app.request(request));

    const purchases = Array.from({ length: 6 }, (_, index) => ({
      orderId: `vip-${index}`,
      customerId: 'vip-1',
      amount: '250.00',
      currency: 'EUR',
      purchasedAt: new Date(harness.clock.now - (1 + index) * 86_400_000).toISOString(),
    }));
    expect((await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } })).status).toBe(201);
    const rule = await api.call('POST', '/v1/admin/content-rules', { key: keys.adminKey, body: { slot: 'hero', segmentKey: 'often_premium', html: '<h2>Hello, VIP</h2>', priority: 10 } });
    expect(rule.status).toBe(201);
    contentRuleId = rule.body.id;
    const signature = await signCustomerId(keys.identitySecret, 'vip-1');
    const identified = await api.call('POST', `/v1/identify?key=${keys.publishableKey}`, {
      rawBody: JSON.stringify({ visitorId: 'visitor-known-0001', customerId: 'vip-1', signature }),
      headers: { origin: SHOP_ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(identified.status).toBe(200);

    fastServer = serveNode({ fetch: app.fetch, database: () => harness.driver, clock, port: 0, hostname: '127.0.0.1', onPassedToApp: (incoming) => passedToApp.push(incoming.url ?? '') });
    appServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    [fastPort, appPort] = await Promise.all([listening(fastServer), listening(appServer)]);
  });

  afterAll(async () => {
    await Promise.all([fastServer, appServer].map((server) => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))));
    await harness?.close();
  });

  const decideBody = (visitorId: string, extra: Record<string, unknown> = {}) => JSON.stringify({ visitorId, slots: ['hero', 'footer'], context: { url: 'https://shop.example/' }, ...extra });
  const mobileBrowser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile';

  /** Requests the fast path answers itself. */
  const handled: Case[] = [
    ['anonymous visitor, key in the query, allowed origin', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN, 'content-type': 'text/plain;charset=UTF-8' }, body: decideBody('visitor-anon-0001') })],
    ['identified contact with a segment variant', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN, 'user-agent': mobileBrowser }, body: decideBody('visitor-known-0001') })],
    ['key as Bearer, no Origin (a server calling)', () => ({ path: '/v1/decide', headers: { authorization: `Bearer ${keys.publishableKey}`, 'content-type': 'application/json' }, body: decideBody('visitor-known-0001') })],
    ['unknown visitor, no slots, no context', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: JSON.stringify({ visitorId: 'visitor-never-seen-1' }) })],
    ['country and unicode in the page title', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN, 'cf-ipcountry': 'DE' }, body: decideBody('visitor-known-0001', { context: { url: 'https://shop.example/ü', title: 'Schöne Grüße ✓' } }) })],
  ];

  /** Requests the fast path hands to the app (refusals, preflights, anything unusual). */
  const passedOn: Case[] = [
    ['invalid JSON', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: '{"visitorId": ' })],
    ['empty body', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: '' })],
    ['visitorId too short', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: decideBody('short') })],
    ['bad slot name', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: JSON.stringify({ visitorId: 'visitor-anon-0001', slots: ['Not A Slot!'] }) })],
    ['missing key', () => ({ path: '/v1/decide', headers: { origin: SHOP_ORIGIN }, body: decideBody('visitor-anon-0001') })],
    ['secret key', () => ({ path: '/v1/decide', headers: { origin: SHOP_ORIGIN, authorization: `Bearer ${keys.secretKey}` }, body: decideBody('visitor-anon-0001') })],
    ['malformed Authorization', () => ({ path: '/v1/decide', headers: { authorization: `Token ${keys.publishableKey}` }, body: decideBody('visitor-anon-0001') })],
    ['unknown publishable key', () => ({ path: '/v1/decide?key=pk_not_a_real_key_000000', headers: { origin: SHOP_ORIGIN }, body: decideBody('visitor-anon-0001') })],
    ['wrong origin', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: 'https://evil.example' }, body: decideBody('visitor-known-0001') })],
    ['percent-encoded query', () => ({ path: `/v1/decide?key=${encodeURIComponent(keys.publishableKey)}&x=%20`, headers: { origin: SHOP_ORIGIN }, body: decideBody('visitor-anon-0001') })],
    ['chunked body', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN, 'transfer-encoding': 'chunked' }, body: decideBody('visitor-known-0001') })],
    ['Authorization sent twice', () => ({ path: '/v1/decide', headers: { authorization: [`Bearer ${keys.publishableKey}`, `Bearer ${keys.secretKey}`] }, body: decideBody('visitor-anon-0001') })],
    ['trailing slash', () => ({ path: `/v1/decide/?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: decideBody('visitor-anon-0001') })],
    ['preflight from the shop', () => ({ method: 'OPTIONS', path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })],
    ['preflight from elsewhere', () => ({ method: 'OPTIONS', path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })],
    ['GET decide', () => ({ method: 'GET', path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN } })],
    ['body over the 4 MB limit', () => ({ path: `/v1/decide?key=${keys.publishableKey}`, headers: { origin: SHOP_ORIGIN }, body: JSON.stringify({ visitorId: 'visitor-anon-0001', pad: 'x'.repeat(4 * 1024 * 1024) }) })],
  ];

  it.each(handled)('answers itself, exactly like the app: %s', async (name, make) => {
    const raw = make();
    const before = passedToApp.length;
    const [fast, viaApp] = await Promise.all([send(fastPort, raw), send(appPort, raw)]);
    expect(passedToApp.length, `${name}: the fast path should answer this itself`).toBe(before);
    expect(fast, name).toEqual(viaApp);
    expect(fast.status, name).toBe(200);
  });

  it.each(passedOn)('hands to the app, same answer: %s', async (name, make) => {
    const raw = make();
    const before = passedToApp.length;
    const [fast, viaApp] = await Promise.all([send(fastPort, raw), send(appPort, raw)]);
    expect(passedToApp.length, `${name}: should be answered by the app`).toBe(before + 1);
    expect(fast, name).toEqual(viaApp);
  });

  it('gives the identified contact the segment variant, with CORS and no-store', async () => {
    const answer = await send(fastPort, handled[1]![1]());
    const body = JSON.parse(answer.body);
    expect(body).toMatchObject({ visitorId: 'visitor-known-0001', identified: true, slots: { hero: { variantId: contentRuleId, html: '<h2>Hello, VIP</h2>' } } });
    expect(body.segments).toContain('often_premium');
    expect(answer.headers).toEqual(expect.arrayContaining([`access-control-allow-origin: ${SHOP_ORIGIN}`, 'cache-control: no-store', 'vary: Origin']));
  });

  it('fails open like the app when the store breaks, CORS as far as the rules seen allow', async () => {
    let broken = false;
    const flaky = { ...harness.driver, execute: (statement: Parameters<typeof harness.driver.execute>[0]) => (broken ? Promise.reject(new Error('SQLITE_BUSY')) : harness.driver.execute(statement)) } as typeof harness.driver;
    const clock = () => harness.clock.now;
    const app = createApp({ database: () => flaky, clock, readBody: readIncomingBody });
    const flakyFast = serveNode({ fetch: app.fetch, database: () => flaky, clock, port: 0, hostname: '127.0.0.1' });
    const flakyApp = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    try {
      const [fastFlakyPort, appFlakyPort] = await Promise.all([listening(flakyFast), listening(flakyApp)]);
      const requests = [handled[0]![1](), handled[2]![1](), passedOn[8]![1]()];
      // Broken from the start: no rules seen yet, so no CORS headers on the fallback.
      broken = true;
      for (const raw of requests) expect(await send(fastFlakyPort, raw), raw.path).toEqual(await send(appFlakyPort, raw));
      broken = false;
      for (const raw of requests) expect(await send(fastFlakyPort, raw), raw.path).toEqual(await send(appFlakyPort, raw));
      // Broken after the rules were seen: allowed origins still get CORS, foreign origins are still refused.
      broken = true;
      for (const raw of requests) {
        const [fast, viaApp] = [await send(fastFlakyPort, raw), await send(appFlakyPort, raw)];
        expect(fast, raw.path).toEqual(viaApp);
      }
      expect(JSON.parse((await send(fastFlakyPort, requests[0]!)).body)).toEqual({ visitorId: 'visitor-anon-0001', segments: [], slots: {}, fallback: true });
      expect((await send(fastFlakyPort, requests[2]!)).status).toBe(403);
    } finally {
      await Promise.all([flakyFast, flakyApp].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('sees a rule change on the next request, as the app does', async () => {
    const api = apiClient((request) => createApp({ database: () => harness.driver, clock: () => harness.clock.now }).request(request));
    const added = await api.call('POST', '/v1/admin/content-rules', { key: keys.adminKey, body: { slot: 'footer', segmentKey: 'often_premium', html: '<p>Free shipping</p>' } });
    expect(added.status).toBe(201);
    const raw = handled[1]![1]();
    const [fast, viaApp] = await Promise.all([send(fastPort, raw), send(appPort, raw)]);
    expect(fast).toEqual(viaApp);
    expect(JSON.parse(fast.body).slots.footer).toEqual({ variantId: added.body.id, html: '<p>Free shipping</p>' });
  });
});
