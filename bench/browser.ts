import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DEFAULT_HERO_TEXT = 'The spring collection is here';
const VARIANT_HERO_TEXT = 'one of our champions';

/** What the probe saw on one page view; times are ms since navigation start (performance.now()). */
interface ProbeReading {
  /** data-rfm-state first set on the hero (variant or default) */
  decidedAt: number | null;
  /** the hero first showing the champion's variant */
  variantAt: number | null;
  /** animation frames in which the hero was visible showing its default content, and the first of them */
  defaultFrames: number;
  firstDefaultFrameAt: number | null;
  lastDefaultFrameAt: number | null;
  /** the first frame in which the hero was visible at all */
  heroFirstVisibleAt: number | null;
  firstPaint: number | null;
  firstContentfulPaint: number | null;
  domContentLoaded: number;
  /** what the page's decide calls answered: status, segments or fallback, and how long each took (ms) */
  decideAnswers: string[];
}

/**
 * Injected before any of the page's scripts (addInitScript): a MutationObserver stamps when the SDK marks the hero
 * slot decided and when it shows the variant, and a requestAnimationFrame loop — rAF callbacks run right before each
 * frame is painted — counts the frames in which the hero was visible with its default content. Plain JavaScript in a
 * string: functions handed to the page from TypeScript would carry tsx's helpers, which the page does not have.
 */
const probeScript = (defaultText: string, variantText: string) => `(() => {
  const defaultText = ${JSON.stringify(defaultText)}, variantText = ${JSON.stringify(variantText)};
  const probe = { decidedAt: null, variantAt: null, defaultFrames: 0, firstDefaultFrameAt: null, lastDefaultFrameAt: null, heroFirstVisibleAt: null };
  window.rfmBenchProbe = probe;
  const hero = () => document.querySelector('[data-rfm-slot="hero"]');
  const observe = () => {
    const slot = hero();
    if (!slot) return;
    const now = performance.now();
    if (probe.decidedAt === null && slot.hasAttribute('data-rfm-state')) probe.decidedAt = now;
    if (probe.variantAt === null && slot.getAttribute('data-rfm-state') === 'variant' && (slot.textContent || '').includes(variantText)) probe.variantAt = now;
  };
  new MutationObserver(observe).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const frame = () => {
    const now = performance.now();
    const slot = hero();
    if (slot) {
      observe();
      const style = getComputedStyle(slot);
      const visible = style.visibility !== 'hidden' && style.display !== 'none' && slot.getClientRects().length > 0;
      if (visible && probe.heroFirstVisibleAt === null) probe.heroFirstVisibleAt = now;
      if (visible && (slot.textContent || '').includes(defaultText)) {
        probe.defaultFrames++;
        if (probe.firstDefaultFrameAt === null) probe.firstDefaultFrameAt = now;
        probe.lastDefaultFrameAt = now;
      }
    }
    if (now < 10000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

const READ_PROBE = `(() => {
  const paint = (name) => { const entry = performance.getEntriesByType('paint').find((candidate) => candidate.name === name); return entry ? entry.startTime : null; };
  const navigation = performance.getEntriesByType('navigation')[0];
  return Object.assign({}, window.rfmBenchProbe, { firstPaint: paint('first-paint'), firstContentfulPaint: paint('first-contentful-paint'), domContentLoaded: navigation.domContentLoadedEventStart, timeOrigin: performance.timeOrigin });
})()`;

/** Polls an expression from here (page.waitForFunction would eval in the page, which the shop's CSP forbids). */
async function waitUntil(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate(expression)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function readProbe(page: Page): Promise<Omit<ProbeReading, 'decideAnswers'> & { timeOrigin: number }> {
  return (await page.evaluate(READ_PROBE)) as Omit<ProbeReading, 'decideAnswers'> & { timeOrigin: number };
}

/** Loads the home page and waits until the hero is decided, then a little past the SDK's and the CSS's timeouts. */
async function visitHome(page: Page, origin: string, expectVariant: boolean): Promise<ProbeReading> {
  const answers: { asked: string; answer: string; startTime: number; responseEnd: number }[] = [];
  const onFinished = (request: Request) => {
    if (!request.url().includes('/v1/decide')) return;
    let asked = 'slots ?';
    try {
      asked = `slots [${((JSON.parse(request.postData() ?? '{}') as { slots?: string[] }).slots ?? []).join(',')}]`;
    } catch {
      // not JSON: leave it unknown
    }
    const { startTime, responseEnd } = request.timing();
    void request
      .response()
      .then((response) => response!.json().then((body: { segments?: string[]; fallback?: boolean; slots?: object }) => ({ status: response!.status(), body })))
      .then(({ status, body }) => {
        const segments = body.fallback ? 'fallback' : (body.segments ?? []).join('+') || 'no segments';
        answers.push({ asked, answer: `${status} ${segments}, slots [${Object.keys(body.slots ?? {}).join(',')}]`, startTime, responseEnd });
      })
      .catch(() => answers.push({ asked, answer: 'unreadable', startTime, responseEnd }));
  };
  page.on('requestfinished', onFinished);
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await waitUntil(page, `Boolean(window.rfmBenchProbe && window.rfmBenchProbe.${expectVariant ? 'variantAt' : 'decidedAt'} !== null)`, 5000);
  await new Promise((resolve) => setTimeout(resolve, 700));
  page.off('requestfinished', onFinished);
  const { timeOrigin, ...reading } = await readProbe(page);
  const decideAnswers = answers.map(
    (entry) => `${entry.asked} → ${entry.answer}; sent at ${Math.round(entry.startTime - timeOrigin)} ms, answered ${Math.round(entry.responseEnd)} ms later`,
  );
  return { ...reading, decideAnswers };
}

/** A demo champion identifies on /demo (the shop's server signed their id); waits until the SDK cached the decision. */
async function becomeChampion(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/demo`);
  await page.locator('tr', { hasText: 'Champions' }).getByRole('button', { name: 'Become this customer' }).click();
  if (!(await waitUntil(page, `(localStorage.getItem('rfm_dec') || '').includes('"champions"')`, 10_000))) throw new Error('the demo champion was not identified within 10 s');
  return page;
}

// `|| 0` turns a rounded -0 (a slot decided a fraction of a ms before DOMContentLoaded) into a plain 0
const round = (value: number | null) => (value === null ? null : Math.round(value) || 0);

/**
 * How long the visitor saw the slot's default content: from the first frame painted with it until the variant
 * replaced it (or until its last such frame, when the variant never came); 0 when no frame showed it.
 */
function defaultShownMs(reading: ProbeReading): number {
  if (reading.firstDefaultFrameAt === null) return 0;
  return (reading.variantAt ?? reading.lastDefaultFrameAt ?? reading.firstDefaultFrameAt) - reading.firstDefaultFrameAt;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export interface BrowserResult {
  chromium: string;
  runs: number;
  visits: {
    visit: string;
    slotAtMs: number | null;
    slotAtMsWorst: number | null;
    afterDomContentLoadedMs: number | null;
    afterDomContentLoadedMsWorst: number | null;
    firstContentfulPaintMs: number | null;
    defaultFramesShown: number | string;
    defaultShownMs: number | string;
    defaultShownMsWorst: number | string;
    personalisedByFirstContentfulPaint: string;
    personalisedRuns: string;
    target: string;
  }[];
  readings: Record<string, ProbeReading[]>;
}

/**
 * Time from navigation start to a personalised hero slot on the demo shop's home page, in real Chromium over
 * loopback, `runs` times with a fresh browser profile each:
 * - first visit: a known customer (a demo champion, identified on /demo) whose browser has no cached decision yet,
 *   so the slot waits for decide;
 * - repeat visit: the next view of the same page, the SDK's cached decision applied at once;
 * - anonymous first visit: a new visitor, for whom the slot is decided to its default content.
 */
export async function browserTimings(origin: string, runs: number): Promise<BrowserResult> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  const version = browser.version();
  const readings: Record<'first' | 'repeat' | 'anonymous', ProbeReading[]> = { first: [], repeat: [], anonymous: [] };
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      await context.addInitScript(probeScript(DEFAULT_HERO_TEXT, VARIANT_HERO_TEXT));
      const page = await becomeChampion(context, origin);
      await page.evaluate(`localStorage.removeItem('rfm_dec')`);
      readings.first.push(await visitHome(page, origin, true));
      readings.repeat.push(await visitHome(page, origin, true));
      await context.close();

      const anonymous = await browser.newContext();
      await anonymous.addInitScript(probeScript(DEFAULT_HERO_TEXT, VARIANT_HERO_TEXT));
      readings.anonymous.push(await visitHome(await anonymous.newPage(), origin, false));
      await anonymous.close();
    }
  } finally {
    await browser.close().catch(() => undefined);
  }

  const summary = (visit: string, list: ProbeReading[], at: (reading: ProbeReading) => number | null, target: string, countDefault = true) => {
    const times = list.map(at).filter((value): value is number => value !== null);
    const afterDcl = list.filter((reading) => at(reading) !== null).map((reading) => at(reading)! - reading.domContentLoaded);
    const byFcp = list.filter((reading) => at(reading) !== null && reading.firstContentfulPaint !== null && at(reading)! <= reading.firstContentfulPaint).length;
    return {
      visit,
      slotAtMs: round(median(times)),
      slotAtMsWorst: round(times.length ? Math.max(...times) : null),
      afterDomContentLoadedMs: round(median(afterDcl)),
      afterDomContentLoadedMsWorst: round(afterDcl.length ? Math.max(...afterDcl) : null),
      firstContentfulPaintMs: round(median(list.map((reading) => reading.firstContentfulPaint).filter((value): value is number => value !== null))),
      defaultFramesShown: countDefault ? list.reduce((sum, reading) => sum + reading.defaultFrames, 0) : 'n/a (default is its content)',
      defaultShownMs: countDefault ? (round(median(list.map(defaultShownMs))) ?? 0) : 'n/a',
      defaultShownMsWorst: countDefault ? (round(list.length ? Math.max(...list.map(defaultShownMs)) : null) ?? 0) : 'n/a',
      personalisedByFirstContentfulPaint: `${byFcp}/${list.length}`,
      personalisedRuns: `${times.length}/${list.length}`,
      target,
    };
  };
  return {
    chromium: version,
    runs,
    visits: [
      summary('first visit (known customer, nothing cached)', readings.first, (reading) => reading.variantAt, 'personalised ≤ 100 ms after DOMContentLoaded'),
      summary('repeat visit (cached decision)', readings.repeat, (reading) => reading.variantAt, '0 ms of default content shown'),
      summary('anonymous first visit (default content)', readings.anonymous, (reading) => reading.decidedAt, 'none (for reference)', false),
    ],
    readings,
  };
}
