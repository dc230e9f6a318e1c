/**
 * The rfm-edge browser SDK: anonymous visitor id, batched events, identify, and `decide` for the page's
 * `[data-rfm-slot]` elements, with the last decision cached so a repeat view is personalised at once.
 *
 * Rules it keeps: it never throws into the host page (every entry point, listener and timer is guarded, every
 * promise it makes settles quietly), never logs, never uses eval or inline scripts or style elements, and
 * stores or sends nothing before consent when consent is required.
 */

export type EventProps = Record<string, string | number | boolean | null>;

export interface SlotVariant {
  variantId: string;
  html: string;
}

/** A decide answer, or the cached one (`at` = when it was cached, epoch ms). */
export interface Decision {
  visitorId?: string;
  segments: string[];
  slots: Record<string, SlotVariant>;
  /** the edge could not decide in time: every slot keeps its default content */
  fallback?: true;
  at?: number;
}

export type SegmentsCallback = (segmentKeys: string[], decision: Decision) => void;

export interface RfmOptions {
  /** publishable key, `pk_…` */
  key: string;
  /** API base URL, e.g. `https://edge.example` */
  api: string;
  /** anti-flicker timeout in ms (default 300) */
  timeout?: number;
  /** store and send nothing until `consent(true)` */
  consentRequired?: boolean;
  document?: Document;
  window?: Window;
}

export interface Rfm {
  /** links this visitor to a customer (signature = hex HMAC-SHA256 of customerId), then decides again */
  identify(customerId: string, signature: string): Promise<void>;
  /** queues an event: page_view, product_view, add_to_cart, custom */
  track(type: string, props?: EventProps): void;
  /** grant: start storing and sending; revoke: stop, forget everything stored, restore default content */
  consent(granted: boolean): void;
  /** called on every decision, and at once with the current (cached) one if there is one */
  on(event: 'segments', callback: SegmentsCallback): void;
  /** decides again now */
  decide(): Promise<void>;
  /** records a page view now */
  page(): void;
}

interface QueuedEvent {
  type: string;
  at: string;
  props?: EventProps;
}

const VISITOR_KEY = 'rfm_vid';
const DECISION_KEY = 'rfm_dec';
/** what the edge accepts as a visitor id and as a slot name */
const VISITOR_ID = /^[\w-]{8,64}$/;
const SLOT_NAME = /^[A-Za-z0-9][\w-]{0,39}$/;
const MAX_BATCH = 50;
const FLUSH_AT = 10;
const FLUSH_AFTER_MS = 5000;

/** Wraps a function so that nothing it throws reaches the caller (the host page). */
function guard<A extends unknown[]>(run: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      run(...args);
    } catch {
      // the SDK never breaks the host page
    }
  };
}

export function createRfm(options: RfmOptions): Rfm {
  const doc = options.document || document;
  const win = options.window || window;
  const timeout = options.timeout ?? 300;
  const slotOriginals = new WeakMap<HTMLElement, string>();
  const slotShownHtml = new WeakMap<HTMLElement, string>();
  const callbacks: SegmentsCallback[] = [];
  let consented = !options.consentRequired;
  let visitorId: string | undefined;
  let current: Decision | null = null;
  /** true from start until the first decision is applied or the anti-flicker timeout passes */
  let waiting = false;
  let hiddenSlots: HTMLElement[] = [];
  let queue: QueuedEvent[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let decideSequence = 0;
  let decideAbort: AbortController | undefined;
  let pendingIdentify: [string, string] | undefined;

  const endpoint = (path: string) => `${String(options.api).replace(/\/+$/, '')}/v1/${path}?key=${encodeURIComponent(options.key)}`;
  // A string body goes out as text/plain;charset=UTF-8, which needs no CORS preflight.
  const post = (path: string, body: object, init?: RequestInit) => win.fetch(endpoint(path), { method: 'POST', body: JSON.stringify(body), ...init });

  /** localStorage get (one argument), set (a string) or remove (null); storage that throws is ignored */
  function storage(key: string, value?: string | null): string | null | undefined {
    try {
      const store = win.localStorage;
      if (value === undefined) return store.getItem(key);
      if (value === null) store.removeItem(key);
      else store.setItem(key, value);
    } catch {
      // private mode, sandboxed frames, full quota: the id lives in memory only
    }
    return undefined;
  }

  function visitor(): string {
    if (!visitorId) {
      const saved = storage(VISITOR_KEY);
      visitorId =
        saved && VISITOR_ID.test(saved)
          ? saved
          : Array.from(win.crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte | 256).toString(16).slice(1)).join('');
      storage(VISITOR_KEY, visitorId);
    }
    return visitorId;
  }

  const slotElements = () => Array.from(doc.querySelectorAll<HTMLElement>('[data-rfm-slot]'));

  /** Shows the current decision in every slot; while waiting, hides slots that have no variant yet. */
  function render(): void {
    for (const slot of slotElements()) {
      const data = slot.dataset;
      let original = slotOriginals.get(slot);
      if (original === undefined) slotOriginals.set(slot, (original = slot.innerHTML));
      const variant = current && current.slots[data.rfmSlot || ''];
      if (variant && typeof variant.html == 'string') {
        if (slotShownHtml.get(slot) !== variant.html) {
          slot.innerHTML = variant.html;
          slotShownHtml.set(slot, variant.html);
        }
        data.rfmState = 'variant';
        data.rfmVariant = variant.variantId;
      } else {
        if (slotShownHtml.has(slot)) {
          slot.innerHTML = original;
          slotShownHtml.delete(slot);
        }
        delete data.rfmVariant;
        if (!waiting) data.rfmState = 'default';
        else if (slot.style.visibility != 'hidden') {
          slot.style.visibility = 'hidden';
          hiddenSlots.push(slot);
        }
      }
    }
    if (!waiting) {
      for (const slot of hiddenSlots) slot.style.visibility = '';
      hiddenSlots = [];
    }
  }

  function emit(to: SegmentsCallback[]): void {
    const decision = current;
    if (decision) for (const callback of to) guard(callback)(decision.segments, decision);
  }

  async function decide(): Promise<void> {
    try {
      if (!consented) return;
      const sequence = ++decideSequence;
      if (decideAbort) decideAbort.abort();
      const abort = (decideAbort = new AbortController());
      const abortTimer = setTimeout(guard(() => abort.abort()), Math.max(timeout, 1500));
      let answer: Decision | null = null;
      try {
        const names = [...new Set(slotElements().map((slot) => slot.dataset.rfmSlot || ''))].filter((name) => SLOT_NAME.test(name));
        const { location } = win;
        const response = await post(
          'decide',
          {
            visitorId: visitor(),
            slots: names.slice(0, 50),
            context: { url: location.href.slice(0, 2000), referrer: doc.referrer.slice(0, 2000), title: doc.title.slice(0, 500) },
          },
          { signal: abort.signal },
        );
        if (response.ok) answer = (await response.json()) as Decision;
      } catch {
        // failed, aborted or not JSON: default content
      }
      clearTimeout(abortTimer);
      if (sequence !== decideSequence) return; // a newer decide, or consent revoked, superseded this one
      // A failed or fallback answer keeps what is shown (the cached decision, or the defaults): the visitor's
      // segments did not change because the edge was slow.
      if (answer && !answer.fallback && Array.isArray(answer.segments) && answer.slots && typeof answer.slots == 'object') current = answer;
      waiting = false;
      render();
      if (current) {
        if (current === answer) storage(DECISION_KEY, JSON.stringify({ segments: current.segments, slots: current.slots, at: Date.now() }));
        emit(callbacks);
      }
    } catch {
      // never reject into the host page
    }
  }

  function flush(beacon?: boolean): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!consented) return;
    const url = endpoint('collect');
    const { navigator } = win;
    while (queue.length) {
      const body = JSON.stringify({ visitorId: visitor(), events: queue.splice(0, MAX_BATCH) });
      if (!(beacon && navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        win.fetch(url, { method: 'POST', body, keepalive: true }).catch(() => undefined);
      }
    }
  }

  function track(type: string, props?: EventProps): void {
    const event: QueuedEvent = { type: String(type), at: new Date().toISOString() };
    if (props) event.props = props;
    // Before consent events wait in memory (bounded); after it they go out in batches.
    if (queue.push(event) > 100) queue.shift();
    if (consented) {
      if (queue.length >= FLUSH_AT) flush();
      else flushTimer = flushTimer || setTimeout(guard(flush), FLUSH_AFTER_MS);
    }
  }

  const page = () => track('page_view', { path: win.location.pathname.slice(0, 500), title: doc.title.slice(0, 500) });

  async function identify(customerId: string, signature: string): Promise<void> {
    try {
      if (!consented) {
        pendingIdentify = [customerId, signature];
        return;
      }
      const response = await post('identify', { visitorId: visitor(), customerId: String(customerId), signature: String(signature) });
      if (response.ok) await decide();
    } catch {
      // refused or offline: the visitor stays anonymous
    }
  }

  /** Applies the cached decision, hides the slots it has no variant for, and asks the edge. */
  function begin(): void {
    visitor();
    try {
      const cached = JSON.parse(storage(DECISION_KEY) || 'null') as Decision | null;
      if (cached && Array.isArray(cached.segments) && cached.slots && typeof cached.slots == 'object') current = cached;
    } catch {
      // a broken cache is no cache
    }
    waiting = true;
    render();
    setTimeout(
      guard(() => {
        if (waiting) {
          waiting = false;
          render();
        }
      }),
      timeout,
    );
    void decide();
  }

  function consent(granted: boolean): void {
    if (granted) {
      if (consented) return;
      consented = true;
      begin();
      flush();
      if (pendingIdentify) void identify(...pendingIdentify);
      pendingIdentify = undefined;
    } else {
      consented = false;
      decideSequence++;
      if (decideAbort) decideAbort.abort();
      clearTimeout(flushTimer);
      flushTimer = visitorId = pendingIdentify = undefined;
      current = null;
      queue = [];
      waiting = false;
      storage(VISITOR_KEY, null);
      storage(DECISION_KEY, null);
      render();
    }
  }

  try {
    const path = () => win.location.pathname + win.location.search;
    let lastPath = path();
    const navigated = guard(() => {
      if (path() !== lastPath) {
        lastPath = path();
        page();
        render();
        void decide();
      }
    });
    const soon = () => setTimeout(navigated);
    const history = win.history;
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        soon();
        return result;
      };
    }
    win.addEventListener('popstate', soon);
    win.addEventListener('pagehide', guard(() => flush(true)));
    doc.addEventListener('visibilitychange', guard(() => doc.visibilityState == 'hidden' && flush(true)));
    if (doc.readyState == 'loading') doc.addEventListener('DOMContentLoaded', guard(render));
    page();
    if (consented) begin();
    else render();
  } catch {
    // an odd host (no history, no storage…) still gets a working command function
  }

  return {
    identify,
    track: guard(track),
    consent: guard(consent),
    on: guard((event: string, callback: SegmentsCallback) => {
      if (event == 'segments' && typeof callback == 'function') {
        callbacks.push(callback);
        emit([callback]);
      }
    }),
    decide,
    page: guard(page),
  };
}
