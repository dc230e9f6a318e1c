import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { importPurchases, localSink } from '../edge/import/run.ts';
import { createWorkspace } from '../edge/workspaces/workspace.ts';
import { browserTimings } from './browser.ts';
import { dashboardTimings, type DashboardTiming } from './dashboard.ts';
import { load, sampleRss, startServerUnderTest, type LoadResult } from './decide.ts';
import type { DuckdbResult } from './duckdb.ts';
import { ingestThroughput } from './ingest.ts';
import type { PrepareResult } from './prepare.ts';
import type { ScheduledResult } from './scheduled.ts';
import { runStep, stopChildProcesses } from './steps.ts';
import { DAY_MS } from './synthetic.ts';

/**
 * `npm run bench`: every figure of the benchmark suite, printed as tables and written with the machine and the run's
 * parameters to bench-results/bench.json (git-ignored). One database is built once and serves the whole run: the
 * demo workspace `npm start` seeds, and a synthetic workspace of BENCH_CONTACTS contacts / BENCH_PURCHASES purchases
 * (default 1,000,000 / 10,000,000) with one identified visitor per contact. Order: build it → full rebuild (and
 * DuckDB on the same data) → the Node server over it: decide vs a trivial route and its memory, the admin dashboard,
 * ingest, Chromium → the next day's tick → the Online Retail import → sizes. Each figure's targets are recorded as
 * soon as it is measured, so an interrupted run still reports them.
 */
// `--quick` (or BENCH_QUICK=1): the same steps at a twentieth of the scale, about a minute, for working on the bench
// itself; its figures are not the targets' figures. Any BENCH_* variable still overrides either default.
const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const env = (name: string, full: number, quickValue = full) => {
  const value = Number(process.env[name] ?? (quick ? quickValue : full));
  if (!Number.isInteger(value) || value < 0) refuse(`${name} must be a whole number, not "${process.env[name]}"`);
  return value;
};
function refuse(problem: string): never {
  console.error(`npm run bench: ${problem}`);
  process.exit(2);
}
const parameters = {
  mode: quick ? 'quick' : 'full',
  contacts: env('BENCH_CONTACTS', 1_000_000, 50_000),
  purchases: env('BENCH_PURCHASES', 10_000_000, 500_000),
  decideRequests: env('BENCH_DECIDE_REQUESTS', 1_000_000, 50_000),
  trivialSeconds: env('BENCH_SECONDS', 10, 3),
  connections: env('BENCH_CONNECTIONS', 32),
  ingestBatches: env('BENCH_INGEST_BATCHES', 50, 10),
  browserRuns: env('BENCH_BROWSER_RUNS', 5, 2),
  dashboardRuns: env('BENCH_DASHBOARD_RUNS', 5, 3),
  duckdbSample: env('BENCH_DUCKDB_SAMPLE', 1000),
  port: env('BENCH_PORT', 18787),
  timeLimitSeconds: env('BENCH_TIME_LIMIT_SECONDS', 0),
};
if (parameters.contacts < 1 || parameters.purchases < 1) refuse('BENCH_CONTACTS and BENCH_PURCHASES must be at least 1');
if (parameters.contacts % 7919 === 0) refuse('BENCH_CONTACTS must not be a multiple of 7919 (the stride that scatters decide over the visitors)');
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))) };
const benchStarted = performance.now();
const now = Date.now();

function table(title: string, rows: object[]) {
  console.log(`\n${title}`);
  console.table(rows);
}
const elapsed = () => `${Math.round((performance.now() - benchStarted) / 1000)} s`;
const note = (text: string) => console.log(`[bench ${elapsed()}] ${text}`);
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const fmt = (value: number) => value.toLocaleString('en');

console.log(`rfm-edge bench on ${machine.cores} cores (${machine.cpu}, ${machine.memoryGb} GB), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
console.log(`parameters: ${JSON.stringify(parameters)}`);

const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-bench-'));
const dbPath = join(folder, 'bench.db');
const demoCredentialsFile = join(folder, 'demo-workspace.json');
const origin = `http://127.0.0.1:${parameters.port}`;
const results: Record<string, unknown> = { machine, parameters, startedAt: new Date(now).toISOString() };
const targets: { target: string; measured: string; met: boolean | string }[] = [];
let failure: unknown = null;
function stopEarly(reason: string, exitCode: number) {
  stopChildProcesses();
  writeResults(reason);
  rmSync(folder, { recursive: true, force: true });
  process.exit(exitCode);
}
process.once('SIGINT', () => stopEarly('SIGINT', 130));
process.once('SIGTERM', () => stopEarly('SIGTERM', 143));
// BENCH_TIME_LIMIT_SECONDS: stop there and keep what was measured (for a run that must end by a given time).
if (parameters.timeLimitSeconds > 0) setTimeout(() => stopEarly(`the time limit of ${parameters.timeLimitSeconds} s`, 124), parameters.timeLimitSeconds * 1000).unref();

try {
  // ── the database: demo workspace + synthetic workspace, built once ──
  note(`building the database: demo workspace, then ${fmt(parameters.contacts)} contacts / ${fmt(parameters.purchases)} purchases / ${fmt(parameters.contacts)} visitors`);
  const prepared = await runStep<PrepareResult>(
    'prepare',
    { dbPath, demoCredentialsFile, origins: [origin, `http://localhost:${parameters.port}`], contacts: parameters.contacts, purchases: parameters.purchases, now },
    join(folder, 'prepare.json'),
  );
  const { synthetic } = prepared;
  const dataRow = {
    contacts: parameters.contacts,
    purchases: parameters.purchases,
    visitors: parameters.contacts,
    demoWorkspaceSeconds: prepared.demoSeconds,
    contactsSeconds: synthetic.seconds.contacts,
    purchasesSeconds: synthetic.seconds.purchases,
    purchasesIndexSeconds: synthetic.seconds.purchasesIndex,
    visitorsSeconds: synthetic.seconds.visitors,
    peakRssMb: prepared.peakRssMb,
  };
  table('data: synthetic history loaded straight into the database (seeded; RFM state not yet computed)', [dataRow]);
  results.data = dataRow;

  // ── full rebuild, then DuckDB over the same data as the reference ──
  note('full rebuild of every contact from purchases');
  const scheduledInput = { dbPath, workspaceId: synthetic.credentials.workspaceId };
  const rebuild = await runStep<ScheduledResult>('rebuild', { ...scheduledInput, now }, join(folder, 'rebuild.json'));
  note(`full rebuild: ${rebuild.seconds} s, peak RSS ${rebuild.peakRssMb} MB. DuckDB: same purchases, same per-customer RFM`);
  const duckdb = await runStep<DuckdbResult>(
    'duckdb',
    { dbPath, workspaceId: synthetic.credentials.workspaceId, shape: synthetic.shape, sampleSize: parameters.duckdbSample },
    join(folder, 'duckdb.json'),
  );

  results.scheduled = { rebuild, duckdb };
  targets.push(
    { target: 'full rebuild ≤ 60 s', measured: `${rebuild.seconds} s (${ratio(rebuild.seconds, duckdb.aggregationSeconds)} × DuckDB's ${duckdb.aggregationSeconds} s)`, met: rebuild.seconds <= 60 },
    { target: 'full rebuild peak RSS ≤ 1 GB', measured: `${rebuild.peakRssMb} MB`, met: rebuild.peakRssMb <= 1024 },
    { target: 'DuckDB and our rebuild agree', measured: `${duckdb.comparison.mismatches} of ${duckdb.comparison.sampled} sampled differ; totals ${duckdb.comparison.totals.agree ? 'agree' : 'differ'}`, met: duckdb.comparison.mismatches === 0 && duckdb.comparison.totals.agree },
  );

  // ── the server over that database ──
  note('starting the Node server over the database');
  const server = await startServerUnderTest(dbPath, demoCredentialsFile, parameters.port);
  let decideRows: (LoadResult & { ratioToTrivial?: number; personalised?: number; noVariant?: number; unknownVisitor?: number; fallback?: number })[];
  let memory: Record<string, number>;
  let memorySamples: { requests: number; rssMb: number }[] = [];
  let ingest: Awaited<ReturnType<typeof ingestThroughput>>;
  let dashboard: DashboardTiming[];
  let browser: Awaited<ReturnType<typeof browserTimings>> | { error: string };
  try {
    const trivial = () => load({ route: 'GET /health (trivial route)', url: `${server.origin}/health`, duration: parameters.trivialSeconds, connections: parameters.connections });
    const decideUrl = `${server.origin}/v1/decide?key=${synthetic.credentials.publishableKey}`;
    let next = 0;
    const decideRequest = {
      method: 'POST' as const,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      // every contact's visitor in turn, in a scattered order (7919 is prime to the contact count)
      setupRequest: (request: object) => ({
        ...request,
        body: JSON.stringify({ visitorId: `${synthetic.visitorPrefix}${1 + ((next++ * 7919) % parameters.contacts)}`, slots: ['hero', 'banner'], context: { url: `${server.origin}/` } }),
      }),
      // A fast decide that fell back (store too slow) or answered nobody would be a meaningless figure: count them.
      onResponse: (status: number, body: string) => {
        if (status !== 200) return;
        if (body.includes('"fallback":true')) decideAnswers.fallback++;
        else if (body.includes('"identified":false')) decideAnswers.unknownVisitor++;
        else if (body.includes('"variantId"')) decideAnswers.personalised++;
        else decideAnswers.noVariant++;
      },
    };
    const decideAnswers = { personalised: 0, noVariant: 0, unknownVisitor: 0, fallback: 0 };
    note(`trivial route for ${parameters.trivialSeconds} s`);
    const trivialBefore = await trivial();
    const rssBeforeMb = server.rssMb();
    note(`decide: ${fmt(parameters.decideRequests)} requests for identified visitors of the ${fmt(parameters.contacts)}-contact workspace`);
    const requestsBefore = next;
    const { result: decide, samples } = await sampleRss(server.pid, 5000, () => next - requestsBefore, () =>
      load({ route: `POST /v1/decide (${fmt(parameters.decideRequests)} requests)`, url: decideUrl, amount: parameters.decideRequests, connections: parameters.connections, requests: [decideRequest] }),
    );
    const rssAfterMb = server.rssMb();
    const answersSaturated = { ...decideAnswers };
    note(`trivial route again for ${parameters.trivialSeconds} s`);
    const trivialAfter = await trivial();
    const trivialRate = (trivialBefore.requestsPerSecond + trivialAfter.requestsPerSecond) / 2;
    const halfRate = Math.max(1, Math.round(decide.requestsPerSecond / 2));
    note(`decide at a fixed ${halfRate} requests/s (half the saturated rate) for ${parameters.trivialSeconds} s`);
    const decideHalf = await load({
      route: `POST /v1/decide at ${halfRate}/s (half load)`,
      url: decideUrl,
      duration: parameters.trivialSeconds,
      connections: parameters.connections,
      overallRate: halfRate,
      requests: [decideRequest],
    });
    decideRows = [
      { ...trivialBefore, route: 'GET /health (trivial route), before' },
      { ...decide, ratioToTrivial: ratio(decide.requestsPerSecond, trivialRate), ...answersSaturated },
      { ...trivialAfter, route: 'GET /health (trivial route), after' },
      {
        ...decideHalf,
        personalised: decideAnswers.personalised - answersSaturated.personalised,
        noVariant: decideAnswers.noVariant - answersSaturated.noVariant,
        unknownVisitor: decideAnswers.unknownVisitor - answersSaturated.unknownVisitor,
        fallback: decideAnswers.fallback - answersSaturated.fallback,
      },
    ];
    // After the first tenth of the requests the server is warm: growth from there on is what would go on growing.
    const warm = samples.find((entry) => entry.requests >= decide.requests / 10) ?? samples[0]!;
    memory = {
      decideRequests: decide.requests,
      rssBeforeMb: Math.round(rssBeforeMb),
      rssAfterMb: Math.round(rssAfterMb),
      growthMb: Math.round(rssAfterMb - rssBeforeMb),
      peakDuringMb: Math.max(...samples.map((entry) => entry.rssMb)),
      warmAtRequests: warm.requests,
      rssWarmMb: warm.rssMb,
      growthAfterWarmMb: Math.round(rssAfterMb - warm.rssMb),
    };
    memorySamples = samples;

    note(`admin dashboard over the ${fmt(parameters.contacts)}-contact workspace, ${parameters.dashboardRuns} runs each`);
    dashboard = await dashboardTimings({ origin: server.origin, adminKey: synthetic.credentials.adminKey }, parameters.dashboardRuns);

    note(`ingest: ${parameters.ingestBatches} batches of 1,000 into the ${fmt(parameters.contacts)}-contact workspace`);
    ingest = await ingestThroughput({ origin: server.origin, secretKey: synthetic.credentials.secretKey, contacts: parameters.contacts }, parameters.ingestBatches);

    note(`Chromium: the demo shop, ${parameters.browserRuns} runs`);
    browser = await browserTimings(server.origin, parameters.browserRuns).catch((error: unknown) => ({ error: String(error) }));
  } finally {
    await server.stop();
  }

  table(
    `decide vs a trivial route on the same Node server (${machine.cores} cores shared with autocannon, ${fmt(parameters.contacts)} contacts, ${parameters.connections} connections, 127.0.0.1)`,
    decideRows,
  );
  table('server memory over the decide requests (RSS of the server process; "warm" = after the first tenth of them)', [memory]);
  results.decide = { contacts: parameters.contacts, runs: decideRows, memory, memorySamples };
  const saturated = decideRows[1]!;
  targets.push(
    { target: 'decide ≥ 0.5 × trivial route (requests/s)', measured: `${saturated.ratioToTrivial} (${fmt(saturated.requestsPerSecond)} vs ${fmt(Math.round((decideRows[0]!.requestsPerSecond + decideRows[2]!.requestsPerSecond) / 2))}/s)`, met: saturated.ratioToTrivial! >= 0.5 },
    { target: `decide p99 < 20 ms (saturated, ${parameters.connections} connections)`, measured: `${saturated.p99Ms} ms`, met: saturated.p99Ms < 20 },
    { target: 'decide answers are real decisions (identified, no fallbacks, no errors)', measured: `${fmt(saturated.personalised!)} with a variant, ${fmt(saturated.noVariant!)} without, ${fmt(saturated.unknownVisitor!)} unknown visitors, ${fmt(saturated.fallback!)} fallbacks, ${fmt(saturated.errors + saturated.non2xx)} errors`, met: saturated.fallback === 0 && saturated.unknownVisitor === 0 && saturated.errors + saturated.non2xx === 0 },
    { target: 'decide p99 < 20 ms (at half the saturated rate)', measured: `${decideRows[3]!.p99Ms} ms`, met: decideRows[3]!.p99Ms < 20 },
    { target: 'RSS growth < 50 MB over the decide requests', measured: `${memory.growthMb} MB over ${fmt(saturated.requests)} (${memory.growthAfterWarmMb} MB after the first ${fmt(memory.warmAtRequests!)})`, met: memory.growthMb! < 50 },
  );

  table('ingest: POST /v1/purchases, batches of 1,000, RFM state updated in the same request', [ingest]);
  results.ingest = ingest;
  targets.push({ target: 'ingest ≥ 20,000 purchases/s', measured: `${fmt(ingest.purchasesPerSecond)}/s`, met: ingest.purchasesPerSecond >= 20_000 });

  if ('error' in browser) {
    console.log(`\nChromium timings failed: ${browser.error}`);
    results.browser = browser;
    targets.push({ target: 'browser timings', measured: browser.error, met: false });
  } else {
    table(`time to a personalised slot in Chromium ${browser.chromium} (demo shop over loopback, ${browser.runs} runs, median and worst; ms since navigation start)`, browser.visits);
    results.browser = browser;
    const [first, repeat] = browser.visits;
    targets.push(
      { target: 'first visit personalised ≤ 100 ms after DOMContentLoaded', measured: `${first!.afterDomContentLoadedMs} ms median, ${first!.afterDomContentLoadedMsWorst} ms worst (${first!.personalisedRuns} runs personalised)`, met: first!.afterDomContentLoadedMsWorst !== null && first!.afterDomContentLoadedMsWorst <= 100 && first!.personalisedRuns === `${browser.runs}/${browser.runs}` },
      { target: 'repeat visit: 0 ms of default content shown', measured: `${repeat!.defaultShownMsWorst} ms worst (${repeat!.defaultFramesShown} default frames in ${browser.runs} runs); variant by first contentful paint in ${repeat!.personalisedByFirstContentfulPaint} runs`, met: repeat!.defaultShownMsWorst === 0 && repeat!.defaultFramesShown === 0 && repeat!.personalisedRuns === `${browser.runs}/${browser.runs}` },
    );
  }

  // ── admin dashboard (measured while the server was up, printed here with the rest) ──
  table(`admin dashboard at ${fmt(parameters.contacts)} contacts (one request at a time over loopback; ms)`, dashboard);
  results.dashboard = dashboard;
  for (const timing of dashboard) {
    targets.push(
      timing.status === 200
        ? { target: `${timing.request.split('?')[0]} < 1 s`, measured: `${timing.firstMs} ms first, ${timing.medianMs} ms median, ${timing.worstMs} ms worst`, met: Math.max(timing.firstMs, timing.worstMs ?? 0) < 1000 }
        : { target: `${timing.request.split('?')[0]} < 1 s`, measured: `answered ${timing.status} (not in this tree?)`, met: 'not measured' },
    );
  }

  // ── the next day's tick over the same workspace (after the day's ingest) ──
  note("the next day's tick");
  const tick = await runStep<ScheduledResult>('tick', { ...scheduledInput, now: now + DAY_MS }, join(folder, 'tick.json'));

  const scheduledRows = [
    { work: 'full rebuild (ours, SQLite)', seconds: rebuild.seconds, peakRssMb: rebuild.peakRssMb, rssAtStartMb: rebuild.rssAtStartMb, contactsWritten: rebuild.contactsWritten, ratioToDuckdb: ratio(rebuild.seconds, duckdb.aggregationSeconds), target: '≤ 60 s, ≤ 1 GB' },
    { work: "next day's tick (ours, SQLite)", seconds: tick.seconds, peakRssMb: tick.peakRssMb, rssAtStartMb: tick.rssAtStartMb, contactsWritten: tick.contactsWritten, ratioToDuckdb: ratio(tick.seconds, duckdb.aggregationSeconds), target: '≤ 10 s' },
    { work: `DuckDB ${duckdb.version} aggregation (${duckdb.threads} threads, in memory)`, seconds: duckdb.aggregationSeconds, peakRssMb: duckdb.peakRssMb, rssAtStartMb: '', contactsWritten: duckdb.contactsWithPurchases, ratioToDuckdb: 1, target: 'reference' },
    { work: 'DuckDB loading the same purchases (not timed above)', seconds: duckdb.loadSeconds, peakRssMb: '', rssAtStartMb: '', contactsWritten: '', ratioToDuckdb: '', target: '' },
  ];
  table(`scheduled work over ${fmt(parameters.contacts)} contacts / ${fmt(parameters.purchases)} purchases (each in a process of its own; peak RSS of that process)`, scheduledRows);
  const agreement = {
    sampledContacts: duckdb.comparison.sampled,
    mismatches: duckdb.comparison.mismatches,
    totalsAgree: duckdb.comparison.totals.agree,
    contactsWithPurchases: `${duckdb.comparison.totals.ours.contacts} ours, ${duckdb.comparison.totals.duckdb.contacts} DuckDB`,
    sumFrequency: `${duckdb.comparison.totals.ours.frequency} ours, ${duckdb.comparison.totals.duckdb.frequency} DuckDB`,
    sumMonetary: `${duckdb.comparison.totals.ours.monetary} ours, ${duckdb.comparison.totals.duckdb.monetary} DuckDB`,
  };
  table('DuckDB vs our rebuild, per customer (recency days, frequency, monetary, first/last purchase as of the same day)', [agreement]);
  if (duckdb.comparison.examples.length > 0) console.log('first mismatches:', JSON.stringify(duckdb.comparison.examples, null, 2));
  results.scheduled = { rebuild, tick, duckdb };
  targets.push({ target: 'daily tick ≤ 10 s', measured: `${tick.seconds} s (${fmt(tick.contactsWritten)} contacts rewritten)`, met: tick.seconds <= 10 });

  // ── Online Retail import end to end ──
  const retailFile = new URL('../../shared/data/online_retail/online_retail.csv.gz', import.meta.url).pathname;
  if (existsSync(retailFile)) {
    note('Online Retail import');
    const driver = createEmbeddedDriver(join(folder, 'import.db'));
    await applyMigrations(driver, loadMigrations());
    const { workspaceId } = await createWorkspace(driver, { name: 'Online Retail', currency: 'GBP', timeZone: 'Europe/London' });
    const summary = await importPurchases({ file: retailFile, preset: 'online-retail', sink: await localSink(driver, workspaceId), rejectsFile: join(folder, 'rejects.csv') });
    const { rows: counted } = await driver.execute({ sql: 'SELECT count(*) AS contacts FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL', args: [workspaceId] });
    await driver.close();
    const contacts = Number(counted[0]!.contacts);
    const row = { file: 'online_retail.csv.gz (UCI, ../shared/data)', lines: summary.lines, purchases: summary.purchases, contactsWithRfm: contacts, rejectedLines: summary.rejected, seconds: summary.seconds, linesPerSecond: summary.linesPerSecond, targetSeconds: 15 };
    table('import: Online Retail end to end into the local database, RFM state and memberships ready', [row]);
    results.import = row;
    targets.push(
      { target: 'Online Retail import < 15 s', measured: `${summary.seconds} s (${fmt(summary.linesPerSecond)} lines/s)`, met: summary.seconds < 15 },
      { target: 'Online Retail import gives 4,338 contacts, 18,532 purchases', measured: `${fmt(contacts)} contacts, ${fmt(summary.purchases)} purchases`, met: contacts === 4338 && summary.purchases === 18_532 },
    );
  } else {
    console.log('\nimport: ../shared/data/online_retail is not here; skipped');
  }

  // ── sizes ──
  // `npm run bench` builds both first and goes on when a build fails its size budget (the rows below say so); a
  // manifest older than this run means its build failed outright, so its figure is marked stale.
  const readManifest = (path: string) => {
    const file = new URL(path, import.meta.url);
    if (!existsSync(file)) return null;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { bytes: number; gzipBytes: number; totalGzipBytes?: number };
    const builtBeforeRun = statSync(file).mtimeMs < now - 10 * 60_000;
    return { ...manifest, builtAt: new Date(statSync(file).mtimeMs).toISOString(), stale: builtBeforeRun };
  };
  const sdk = readManifest('../web-sdk/dist/manifest.json');
  const widget = readManifest('../widget/dist/manifest.json');
  table('sizes', [
    { file: 'web-sdk/dist/rfm.js (script tag)', bytes: sdk?.bytes ?? 'not built', gzipBytes: sdk?.gzipBytes ?? 'not built', budgetGzipBytes: 3000, builtAt: sdk?.builtAt ?? '' },
    { file: 'widget (admin): first download, widget/dist/manifest.json', bytes: widget?.bytes ?? 'not built', gzipBytes: widget?.gzipBytes ?? 'not built', budgetGzipBytes: 40 * 1024, builtAt: widget?.builtAt ?? '' },
    { file: 'widget (admin): all pages, loaded on demand', bytes: '', gzipBytes: widget?.totalGzipBytes ?? 'not built', budgetGzipBytes: '', builtAt: widget?.builtAt ?? '' },
  ]);
  results.sizes = { sdk: sdk ?? 'not built', widget: widget ?? 'not built' };
  const staleNote = (manifest: { stale: boolean; builtAt: string }) => (manifest.stale ? ` (stale: built ${manifest.builtAt})` : '');
  if (sdk) targets.push({ target: 'SDK ≤ 3,000 bytes gzipped', measured: `${fmt(sdk.gzipBytes)} bytes${staleNote(sdk)}`, met: sdk.gzipBytes <= 3000 });
  if (widget) targets.push({ target: 'admin widget ≤ 40 KB gzipped (first download; editor pages load on demand)', measured: `${fmt(widget.gzipBytes)} bytes first, ${fmt(widget.totalGzipBytes ?? widget.gzipBytes)} bytes all pages${staleNote(widget)}`, met: widget.gzipBytes <= 40 * 1024 });
} catch (error) {
  // Whatever was measured before a step failed is still worth printing and keeping.
  failure = error;
  targets.push({ target: 'every step ran', measured: String(error instanceof Error ? error.message : error).split('\n')[0]!, met: false });
} finally {
  rmSync(folder, { recursive: true, force: true });
}

writeResults(null);
if (failure) {
  console.error(failure);
  process.exitCode = 1;
}

/**
 * Prints the targets and writes bench-results/bench.json and bench.md: at the end, or with what was measured so far
 * when the run is interrupted (Ctrl-C, a time limit's SIGTERM).
 */
function writeResults(interruptedBy: string | null) {
  const wallSeconds = Math.round((performance.now() - benchStarted) / 1000);
  if (interruptedBy) targets.push({ target: 'every step ran', measured: `interrupted by ${interruptedBy} after ${wallSeconds} s`, met: false });
  targets.push({ target: 'bench/main.ts < 15 min (npm run bench adds the SDK and widget builds)', measured: `${wallSeconds} s`, met: interruptedBy ? 'interrupted' : wallSeconds < 900 });
  table('targets', targets);
  // Every figure in the file carries the machine's core count and the run's parameters, so one section copied out of
  // it still says what it was measured on.
  for (const [key, section] of Object.entries(results)) {
    if (key === 'machine' || key === 'parameters' || section === null || typeof section !== 'object') continue;
    results[key] = Array.isArray(section) ? { cores: machine.cores, parameters, rows: section } : { cores: machine.cores, parameters, ...section };
  }
  results.targets = targets.map((entry) => ({ ...entry, cores: machine.cores, parameters }));
  results.wallSeconds = wallSeconds;
  results.loadAverageAtEnd = loadavg().map((value) => Number(value.toFixed(2)));
  mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../bench-results/bench.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(new URL('../bench-results/bench.md', import.meta.url), targetsMarkdown(wallSeconds));
  console.log(`\nwritten to bench-results/bench.json and bench.md (${wallSeconds} s; load average now ${(results.loadAverageAtEnd as number[]).join(' ')})`);
}

/** The targets table as Markdown, headed by what it was measured on, ready for the README. */
function targetsMarkdown(wallSeconds: number): string {
  const cell = (value: unknown) => String(value).replaceAll('|', '\\|');
  const mark = (met: boolean | string) => (met === true ? 'met' : met === false ? '**missed**' : cell(met));
  return [
    `Measured ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench${quick ? ' -- --quick' : ''}\` on ${machine.cores} cores (${machine.cpu}, ${machine.memoryGb} GB), Node ${machine.node};`,
    `load average ${machine.loadAverageAtStart.join(' ')} at the start and ${(results.loadAverageAtEnd as number[]).join(' ')} at the end; ${fmt(parameters.contacts)} contacts, ${fmt(parameters.purchases)} purchases, ${fmt(parameters.decideRequests)} decide requests, ${parameters.connections} connections; ${wallSeconds} s in all.`,
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...targets.map((entry) => `| ${cell(entry.target)} | ${cell(entry.measured)} | ${mark(entry.met)} |`),
    '',
  ].join('\n');
}
