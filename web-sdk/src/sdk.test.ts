/**
 * The SDK's behaviour against a small hand-made page (no DOM library): only the DOM surface the SDK uses —
 * querySelectorAll, dataset, innerHTML, style.visibility, history, localStorage, fetch, sendBeacon.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRfm, type Decision, type RfmOptions } from './sdk.ts';

interface FakeSlot {
  dataset: Record<string, string | undefined>;
  innerHTML: string;
  style: { visibility: string };
}

interface Sent {
  url: string;
  body: Record<string, unknown>;
  init?: RequestInit;
}

type Answer = { status: number; body?: unknown } | 'network-error' | 'never';

function fakePage(options: { slots?: Record<string, string>; storage?: Record<string, string>; storageThrows?: boolean } = {}) {
  const slots: FakeSlot[] = Object.entries(options.slots ?? {}).map(([name, html]) => ({
    dataset: { rfmSlot: name },
    innerHTML: html,
    style: { visibility: '' },
  }));
  const stored = new Map(Object.entries(options.storage ?? {}));
  const listeners = new Map<string, (() => void)[]>();
  const listen = (type: string, listener: () => void) => listeners.set(type, [...(listeners.get(type) ?? []), listener]);
  const fire = (type: string) => listeners.get(type)?.forEach((listener) => listener());
  const sent: Sent[] = [];
  const beacons: Sent[] = [];
  const answers: Record<string, Answer> = { collect: { status: 202 }, identify: { status: 200, body: {} }, decide: { status: 200, body: { segments: [], slots: {} } } };

  const location = { href: 'https://shop.example/', pathname: '/', search: '' };
  const navigateTo = (path: string) => {
    const url = new URL(path, location.href);
    Object.assign(location, { href: url.href, pathname: url.pathname, search: url.search });
  };
  const document = {
    title: 'Shop',
    referrer: 'https://search.example/',
    readyState: 'complete',
    visibilityState: 'visible',
    querySelectorAll: (selector: string) => (selector === '[data-rfm-slot]' ? slots : []),
    addEventListener: listen,
  };
  const localStorage = {
    getItem(key: string) {
      if (options.storageThrows) throw new Error('SecurityError');
      return stored.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      if (options.storageThrows) throw new Error('SecurityError');
      stored.set(key, value);
    },
    removeItem(key: string) {
      stored.delete(key);
    },
  };
  const window = {
    location,
    localStorage,
    crypto: globalThis.crypto,
    history: {
      pushState(_state: unknown, _unused: string, url?: string) {
        if (url) navigateTo(url);
      },
      replaceState(_state: unknown, _unused: string, url?: string) {
        if (url) navigateTo(url);
      },
    },
    navigator: {
      sendBeacon: vi.fn((url: string, body: string) => {
        beacons.push({ url, body: JSON.parse(body) as Record<string, unknown> });
        return true;
      }),
    },
    addEventListener: listen,
    fetch: vi.fn((url: string, init: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init.body)) as Record<string, unknown>, init });
      const path = new URL(url).pathname.split('/').pop() ?? '';
      const answer = answers[path] ?? { status: 404 };
      if (answer === 'network-error') return Promise.reject(new TypeError('Failed to fetch'));
      if (answer === 'never') {
        return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      return Promise.resolve({ ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body });
    }),
  };
  const start = (extra: Partial<RfmOptions> = {}) =>
    createRfm({
      key: 'pk_test',
      api: 'https://edge.example/',
      document: document as unknown as Document,
      window: window as unknown as Window,
      ...extra,
    });
  const calls = (path: string) => sent.filter((call) => call.url.startsWith(`https://edge.example/v1/${path}?key=pk_test`));
  return { slots, stored, sent, beacons, answers, document, window, fire, start, calls };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('visitor id and events', () => {
  it('keeps a random visitor id in localStorage and sends the page view in a batch after 5 s', async () => {
    const page = fakePage();
    page.start();
    const visitorId = page.stored.get('rfm_vid');
    expect(visitorId).toMatch(/^[0-9a-f]{32}$/);
    await settle();
    expect(page.calls('collect')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5000);
    const [collect] = page.calls('collect');
    expect(collect?.init?.keepalive).toBe(true);
    expect(collect?.body).toMatchObject({ visitorId, events: [{ type: 'page_view', props: { path: '/', title: 'Shop' } }] });
    expect(Date.parse(String((collect?.body.events as { at: string }[])[0]?.at))).not.toBeNaN();
  });

  it('reuses a stored visitor id and replaces an invalid one', () => {
    const kept = fakePage({ storage: { rfm_vid: 'visitor-0001' } });
    kept.start();
    expect(kept.stored.get('rfm_vid')).toBe('visitor-0001');
    const broken = fakePage({ storage: { rfm_vid: 'bad id!' } });
    broken.start();
    expect(broken.stored.get('rfm_vid')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('flushes at 10 queued events, and with sendBeacon in batches of at most 50 on page hide', async () => {
    const page = fakePage();
    const rfm = page.start();
    for (let index = 0; index < 9; index++) rfm.track('product_view', { sku: `S-${index}` });
    expect(page.calls('collect')).toHaveLength(1);
    expect((page.calls('collect')[0]?.body.events as unknown[]).length).toBe(10);
    for (let index = 0; index < 7; index++) rfm.track('add_to_cart'); // under 10: waits for the timer
    for (let index = 0; index < 60; index++) rfm.track('custom'); // crosses 10 at once
    page.fire('pagehide');
    for (let index = 0; index < 60; index++) rfm.track('custom');
    (page.document as { visibilityState: string }).visibilityState = 'hidden';
    page.fire('visibilitychange');
    const sizes = [...page.calls('collect').slice(1), ...page.beacons].map((call) => (call.body.events as unknown[]).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(127);
    expect(page.beacons.length).toBeGreaterThan(0);
    expect(page.beacons[0]?.url).toBe('https://edge.example/v1/collect?key=pk_test');
  });

  it('works with a storage that throws: the id lives in memory', async () => {
    const page = fakePage({ storageThrows: true });
    const rfm = page.start();
    rfm.page();
    await vi.advanceTimersByTimeAsync(5000);
    const ids = page.sent.map((call) => call.body.visitorId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('decide and slots', () => {
  const cached: Decision = { segments: ['champions'], slots: { hero: { variantId: 'cr_1', html: '<b>Welcome back</b>' } }, at: 1 };

  it('applies the cached decision at once, hides slots without a variant, then applies the fresh answer', async () => {
    const page = fakePage({ slots: { hero: 'Default hero', banner: 'Default banner' }, storage: { rfm_dec: JSON.stringify(cached) } });
    page.answers.decide = { status: 200, body: { visitorId: 'x', segments: ['loyal'], slots: { banner: { variantId: 'cr_2', html: '<i>Loyal</i>' } } } };
    const seen: string[][] = [];
    const rfm = page.start();
    rfm.on('segments', (segments) => seen.push(segments));
    const [hero, banner] = page.slots;
    expect(hero).toMatchObject({ innerHTML: '<b>Welcome back</b>', dataset: { rfmState: 'variant', rfmVariant: 'cr_1' }, style: { visibility: '' } });
    expect(banner).toMatchObject({ innerHTML: 'Default banner', style: { visibility: 'hidden' } });
    expect(seen).toEqual([['champions']]);

    await settle();
    expect(page.calls('decide')[0]?.body).toEqual({
      visitorId: page.stored.get('rfm_vid'),
      slots: ['hero', 'banner'],
      context: { url: 'https://shop.example/', referrer: 'https://search.example/', title: 'Shop' },
    });
    expect(hero).toMatchObject({ innerHTML: 'Default hero', dataset: { rfmState: 'default' }, style: { visibility: '' } });
    expect(hero?.dataset.rfmVariant).toBeUndefined();
    expect(banner).toMatchObject({ innerHTML: '<i>Loyal</i>', dataset: { rfmState: 'variant', rfmVariant: 'cr_2' }, style: { visibility: '' } });
    expect(seen).toEqual([['champions'], ['loyal']]);
    expect(JSON.parse(page.stored.get('rfm_dec') ?? '{}')).toMatchObject({ segments: ['loyal'], slots: { banner: { variantId: 'cr_2' } } });
  });

  it('shows default content after the anti-flicker timeout and still applies a late answer', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    let answer: (value: unknown) => void = () => undefined;
    page.window.fetch.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    page.start({ timeout: 200 });
    const [hero] = page.slots;
    expect(hero?.style.visibility).toBe('hidden');
    await vi.advanceTimersByTimeAsync(199);
    expect(hero?.style.visibility).toBe('hidden');
    await vi.advanceTimersByTimeAsync(1);
    expect(hero).toMatchObject({ innerHTML: 'Default', dataset: { rfmState: 'default' }, style: { visibility: '' } });
    answer({ ok: true, status: 200, json: async () => ({ segments: ['s'], slots: { hero: { variantId: 'v', html: 'Late' } } }) });
    await settle();
    expect(hero).toMatchObject({ innerHTML: 'Late', dataset: { rfmState: 'variant', rfmVariant: 'v' } });
  });

  it.each<[string, Answer]>([
    ['a network error', 'network-error'],
    ['a 500', { status: 500, body: { error: {} } }],
    ['a 400', { status: 400, body: { error: {} } }],
    ['a body that is not a decision', { status: 200, body: 'nope' }],
  ])('keeps what is shown on %s, without throwing', async (_name, answer) => {
    const cachedPage = fakePage({ slots: { hero: 'Default' }, storage: { rfm_dec: JSON.stringify(cached) } });
    cachedPage.answers.decide = answer;
    cachedPage.start();
    expect(cachedPage.slots[0]?.innerHTML).toBe('<b>Welcome back</b>');
    await settle();
    // The cached decision stays: a slow or failing edge does not change who the visitor is.
    expect(cachedPage.slots[0]).toMatchObject({ innerHTML: '<b>Welcome back</b>', dataset: { rfmState: 'variant' }, style: { visibility: '' } });
    expect(cachedPage.stored.get('rfm_dec')).toBe(JSON.stringify(cached)); // the cache survives a failure

    const freshPage = fakePage({ slots: { hero: 'Default' } });
    freshPage.answers.decide = answer;
    freshPage.start();
    await settle();
    expect(freshPage.slots[0]).toMatchObject({ innerHTML: 'Default', dataset: { rfmState: 'default' }, style: { visibility: '' } });
  });

  it('aborts a decide that takes longer than max(timeout, 1500) ms', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    page.answers.decide = 'never';
    page.start();
    await vi.advanceTimersByTimeAsync(1499);
    expect(page.slots[0]?.dataset.rfmState).toBe('default');
    const signal = page.calls('decide')[0]?.init?.signal;
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
  });

  it('does not cache a fallback answer', async () => {
    const page = fakePage({ slots: { hero: 'Default' }, storage: { rfm_dec: JSON.stringify(cached) } });
    page.answers.decide = { status: 200, body: { segments: [], slots: {}, fallback: true } };
    page.start();
    await settle();
    expect(page.slots[0]?.innerHTML).toBe('<b>Welcome back</b>');
    expect(page.stored.get('rfm_dec')).toBe(JSON.stringify(cached));
  });

  it('records a page view and decides again on an SPA navigation that changes path or search', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    const rfm = page.start();
    await settle();
    page.window.history.pushState({}, '', '/product/1');
    await settle();
    page.window.history.replaceState({}, '', '/product/1'); // same URL: nothing
    await settle();
    page.window.history.pushState({}, '', '/product/1?colour=red');
    await settle();
    expect(page.calls('decide').map((call) => (call.body.context as { url: string }).url)).toEqual([
      'https://shop.example/',
      'https://shop.example/product/1',
      'https://shop.example/product/1?colour=red',
    ]);
    rfm.page();
    await vi.advanceTimersByTimeAsync(5000);
    const events = page.calls('collect').flatMap((call) => call.body.events as { type: string; props: { path: string } }[]);
    expect(events.map((event) => event.props.path)).toEqual(['/', '/product/1', '/product/1', '/product/1']);
  });

  it('identifies, then decides again; a refused identify decides nothing more', async () => {
    const page = fakePage();
    const rfm = page.start();
    await settle();
    await rfm.identify('c-42', 'ab'.repeat(32));
    expect(page.calls('identify')[0]?.body).toEqual({ visitorId: page.stored.get('rfm_vid'), customerId: 'c-42', signature: 'ab'.repeat(32) });
    expect(page.calls('decide')).toHaveLength(2);
    page.answers.identify = { status: 401, body: { error: {} } };
    await rfm.identify('c-42', 'bad');
    expect(page.calls('decide')).toHaveLength(2);
  });

  it('uses only the newest of overlapping decisions', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    const resolvers: ((value: unknown) => void)[] = [];
    page.window.fetch.mockImplementation((_url: string, init: RequestInit) => {
      page.sent.push({ url: _url, body: JSON.parse(String(init.body)) as Record<string, unknown>, init });
      return new Promise((resolve) => resolvers.push(resolve));
    });
    const rfm = page.start();
    void rfm.decide();
    const answer = (html: string) => ({ ok: true, status: 200, json: async () => ({ segments: [], slots: { hero: { variantId: html, html } } }) });
    resolvers[1]?.(answer('Newest'));
    await settle();
    resolvers[0]?.(answer('Stale'));
    await settle();
    expect(page.slots[0]?.innerHTML).toBe('Newest');
  });
});

describe('consent', () => {
  it('stores and sends nothing before consent, then sends the queued page view and decides', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    const rfm = page.start({ consentRequired: true });
    rfm.track('product_view', { sku: 'S-1' });
    void rfm.identify('c-1', 'ab'.repeat(32));
    await vi.advanceTimersByTimeAsync(10_000);
    page.fire('pagehide');
    expect(page.sent).toEqual([]);
    expect(page.beacons).toEqual([]);
    expect(page.stored.size).toBe(0);
    expect(page.slots[0]?.style.visibility).toBe('');

    rfm.consent(true);
    await settle();
    expect(page.stored.get('rfm_vid')).toBeDefined();
    expect(page.calls('collect')[0]?.body.events).toMatchObject([{ type: 'page_view' }, { type: 'product_view', props: { sku: 'S-1' } }]);
    expect(page.calls('identify')).toHaveLength(1);
    expect(page.calls('decide').length).toBeGreaterThanOrEqual(1);
  });

  it('on revoke forgets everything stored and queued, restores default content and stops sending', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    page.answers.decide = { status: 200, body: { segments: ['s'], slots: { hero: { variantId: 'v', html: 'Variant' } } } };
    const rfm = page.start();
    await settle();
    expect(page.slots[0]?.innerHTML).toBe('Variant');
    expect(page.stored.has('rfm_dec')).toBe(true);
    rfm.track('custom');
    rfm.consent(false);
    expect(page.stored.size).toBe(0);
    expect(page.slots[0]).toMatchObject({ innerHTML: 'Default', dataset: { rfmState: 'default' } });
    expect(page.slots[0]?.dataset.rfmVariant).toBeUndefined();
    const before = page.sent.length;
    rfm.page();
    await rfm.decide();
    await vi.advanceTimersByTimeAsync(10_000);
    page.fire('pagehide');
    expect(page.sent.length).toBe(before);
    expect(page.beacons).toEqual([]);
    expect(page.stored.size).toBe(0);
  });
});

describe('never breaks the host page', () => {
  it('survives a missing fetch, a throwing callback and odd arguments', async () => {
    const page = fakePage({ slots: { hero: 'Default' } });
    (page.window as { fetch: unknown }).fetch = undefined;
    const rfm = page.start();
    rfm.on('segments', () => {
      throw new Error('host bug');
    });
    rfm.track(undefined as unknown as string);
    rfm.on('segments', 'not a function' as unknown as () => void);
    await expect(rfm.decide()).resolves.toBeUndefined();
    await expect(rfm.identify('c', 's')).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    page.fire('pagehide');
    expect(page.slots[0]).toMatchObject({ innerHTML: 'Default', dataset: { rfmState: 'default' }, style: { visibility: '' } });
  });
});
