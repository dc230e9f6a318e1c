import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { importPurchases, localSink } from '../edge/import/run.ts';
import { createWorkspace } from '../edge/workspaces/workspace.ts';
import { load, startServerUnderTest, type LoadResult } from './decide.ts';
import { ingestThroughput } from './ingest.ts';
import { scheduledWorkBench } from './scheduled.ts';

/**
 * `npm run bench`: prints each figure as a table and writes them all, with the machine and the run's parameters,
 * to bench-results/bench.json (git-ignored). BENCH_SECONDS sets each load run's duration; BENCH_CONTACTS and
 * BENCH_PURCHASES the scheduled-work scale (default 1,000,000 / 10,000,000; BENCH_CONTACTS=0 skips it).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const port = Number(process.env.BENCH_PORT ?? 18787);
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };

function table(title: string, rows: object[]) {
  console.log(`\n${title}`);
  console.table(rows);
}

const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-bench-'));
const results: Record<string, unknown> = { machine, parameters: { seconds, connections }, startedAt: new Date().toISOString() };
try {
  const server = await startServerUnderTest(folder, port);
  const rssBefore = server.rssMb();
  const trivial = await load({ route: 'GET /health (trivial route)', url: `${server.origin}/health`, duration: seconds, connections });
  let next = 0;
  const decideBody = (visitorId: string) => JSON.stringify({ visitorId, slots: ['hero', 'banner'], context: { url: `${server.origin}/` } });
  const decide = await load({
    route: 'POST /v1/decide (identified demo visitors)',
    url: `${server.origin}/v1/decide?key=${server.credentials.publishableKey}`,
    duration: seconds,
    connections,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        setupRequest: (request) => ({ ...request, body: decideBody(server.visitorIds[next++ % server.visitorIds.length]!) }),
      },
    ],
  });
  const rssAfter = server.rssMb();
  const ingest = await ingestThroughput(server, Number(process.env.BENCH_INGEST_BATCHES ?? 50));
  await server.stop();
  table('ingest: POST /v1/purchases, batches of 1,000, RFM state updated in the same request', [ingest]);
  results.ingest = ingest;
  const decideRows: (LoadResult & { ratioToTrivial?: number })[] = [trivial, { ...decide, ratioToTrivial: Number((decide.requestsPerSecond / trivial.requestsPerSecond).toFixed(2)) }];
  table(`decide vs a trivial route on the same Node server (${machine.cores} cores, ${server.visitorIds.length} contacts, ${connections} connections, ${seconds} s each)`, decideRows);
  table('server memory', [{ rssBeforeMb: Math.round(rssBefore), rssAfterMb: Math.round(rssAfter), requests: (trivial.requestsPerSecond + decide.requestsPerSecond) * seconds }]);
  results.decide = { contacts: server.visitorIds.length, runs: decideRows, rssBeforeMb: rssBefore, rssAfterMb: rssAfter };

  const retailFile = new URL('../../shared/data/online_retail/online_retail.csv.gz', import.meta.url).pathname;
  if (existsSync(retailFile)) {
    const driver = createEmbeddedDriver(join(folder, 'import.db'));
    await applyMigrations(driver, loadMigrations());
    const { workspaceId } = await createWorkspace(driver, { name: 'Online Retail', currency: 'GBP', timeZone: 'Europe/London' });
    const summary = await importPurchases({ file: retailFile, preset: 'online-retail', sink: await localSink(driver, workspaceId), rejectsFile: join(folder, 'rejects.csv') });
    await driver.close();
    const row = { file: 'online_retail.csv.gz (UCI, ../shared/data)', lines: summary.lines, purchases: summary.purchases, rejected: summary.rejected, seconds: summary.seconds, linesPerSecond: summary.linesPerSecond, targetSeconds: 15 };
    table('import: Online Retail end to end into the local database, RFM state and memberships ready', [row]);
    results.import = row;
  } else {
    console.log('\nimport: ../shared/data/online_retail is not here; skipped');
  }

  const scale = { contacts: Number(process.env.BENCH_CONTACTS ?? 1_000_000), purchases: Number(process.env.BENCH_PURCHASES ?? 10_000_000) };
  if (scale.contacts > 0) {
    const scheduled = await scheduledWorkBench(folder, scale.contacts, scale.purchases);
    table(`scheduled work: full rebuild and the next day's tick (${scale.contacts.toLocaleString('en')} contacts, ${scale.purchases.toLocaleString('en')} purchases, one process)`, [scheduled]);
    results.scheduled = scheduled;
  }

  const manifest = JSON.parse(readFileSync(new URL('../web-sdk/dist/manifest.json', import.meta.url), 'utf8')) as { bytes: number; gzipBytes: number };
  table('sizes', [{ file: 'web-sdk/dist/rfm.js', bytes: manifest.bytes, gzipBytes: manifest.gzipBytes, budgetGzipBytes: 3000 }]);
  results.sizes = { sdk: manifest };
} finally {
  rmSync(folder, { recursive: true, force: true });
}
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../bench-results/bench.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench-results/bench.json');
