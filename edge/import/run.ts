import { createWriteStream, statSync } from 'node:fs';
import type { SqlDriver } from '../../db/driver.ts';
import { ingestPurchases, normalisePurchases, type NormalisedPurchase } from '../purchases/ingest.ts';
import { rebuildWorkspaceUnmapped } from '../rfm/rebuild.ts';
import { refreshAllMemberships } from '../segments/membership.ts';
import { loadWorkspace, type Workspace } from '../workspaces/workspace.ts';
import { readCsv } from './csv.ts';
import { generic, onlineRetail, type ImportedPurchase, type Parsed, type PresetOptions } from './presets.ts';

export const IMPORT_BATCH = 1_000;

export type Preset = 'online-retail' | 'generic';

export interface ImportSummary {
  file: string;
  lines: number;
  purchases: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectsFile: string | null;
  seconds: number;
  linesPerSecond: number;
}

/** Where purchases go: straight into a local database, or through the public API of a running edge. */
export interface PurchaseSink {
  /** Stores a batch; answers per purchase either stored (accepted or duplicate) or a reason it was refused. */
  write(batch: ImportedPurchase[]): Promise<{ accepted: number; duplicates: number; refused: { line: number; reason: string }[] }>;
  finish(): Promise<void>;
  currency: string;
  timeZone: string;
}

export async function localSink(driver: SqlDriver, workspaceId: string, now = Date.now()): Promise<PurchaseSink> {
  const workspace = await loadWorkspace(driver, workspaceId);
  if (!workspace) throw new Error(`workspace ${workspaceId} does not exist in this database`);
  return {
    currency: workspace.currency,
    timeZone: workspace.timeZone,
    async write(batch) {
      const refused: { line: number; reason: string }[] = [];
      const valid: NormalisedPurchase[] = [];
      const attributes = new Map<string, Record<string, string>>();
      for (const purchase of batch) {
        const { line, attributes: extra, ...input } = purchase;
        const result = normalisePurchases([input], workspace as Workspace, now, '');
        if (!result.ok) refused.push({ line, reason: result.problems.map((problem) => `${problem.field} ${problem.message}`).join('; ') });
        else {
          valid.push(result.purchases[0]!);
          if (extra) attributes.set(purchase.customerId, extra);
        }
      }
      const result = valid.length > 0 ? await ingestPurchases(driver, workspace, valid, now) : { accepted: 0, duplicates: 0 };
      if (attributes.size > 0) {
        await driver.execute({
          // An upsert driven by the batch (an UPDATE … FROM json_each would scan every contact of the workspace).
          sql: `INSERT INTO contacts (workspace_id, customer_id, attributes) SELECT ?, value ->> 0, value ->> 1 FROM json_each(?) WHERE true
                ON CONFLICT (workspace_id, customer_id) DO UPDATE SET attributes = json_patch(contacts.attributes, excluded.attributes)`,
          args: [workspace.id, JSON.stringify([...attributes].map(([customerId, values]) => [customerId, JSON.stringify(values)]))],
        });
      }
      return { ...result, refused };
    },
    async finish() {
      // Quantile thresholds from the whole history, then every contact's state and segment memberships with them.
      await rebuildWorkspaceUnmapped(driver, workspace.id, now);
      const rebuilt = await loadWorkspace(driver, workspace.id);
      if (rebuilt) await refreshAllMemberships(driver, rebuilt, now, 'ingest');
    },
  };
}

export function remoteSink(url: string, secretKey: string, currency: string, timeZone: string, fetcher: typeof fetch = fetch): PurchaseSink {
  const endpoint = `${url.replace(/\/+$/, '')}/v1/purchases`;
  const post = (purchases: Omit<ImportedPurchase, 'line' | 'attributes'>[]) =>
    fetcher(endpoint, { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ purchases }) });
  return {
    currency,
    timeZone,
    async write(batch) {
      const refused: { line: number; reason: string }[] = [];
      let pending = batch;
      for (let round = 0; round < 3 && pending.length > 0; round++) {
        const response = await post(pending.map(({ line: _line, attributes: _attributes, ...purchase }) => purchase));
        const body = (await response.json().catch(() => ({}))) as { accepted?: number; duplicates?: number; error?: { message: string; problems?: { index?: number; field: string; message: string }[] } };
        if (response.ok) return { accepted: body.accepted ?? 0, duplicates: body.duplicates ?? 0, refused };
        if (response.status !== 400 || !body.error?.problems) throw new Error(`the edge answered ${response.status}: ${body.error?.message ?? 'no message'}`);
        // The API refuses a batch with any bad purchase whole: set the named ones aside and send the rest again.
        const bad = new Map<number, string>();
        for (const problem of body.error.problems) if (problem.index !== undefined) bad.set(problem.index, `${problem.field} ${problem.message}`);
        for (const [index, reason] of bad) refused.push({ line: pending[index]!.line, reason });
        pending = pending.filter((_, index) => !bad.has(index));
      }
      return { accepted: 0, duplicates: 0, refused };
    },
    async finish() {},
  };
}

export interface ImportOptions {
  file: string;
  preset: Preset;
  sink: PurchaseSink;
  rejectsFile?: string;
  columns?: PresetOptions['columns'];
  timeZone?: string;
  currency?: string;
  onProgress?: (progress: { lines: number; purchases: number; fraction: number; seconds: number }) => void;
}

export async function importPurchases(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const size = statSync(options.file).size;
  let bytesRead = 0;
  let lines = 0;
  let purchases = 0;
  let accepted = 0;
  let duplicates = 0;
  let rejected = 0;
  const rejects = options.rejectsFile ? createWriteStream(options.rejectsFile) : null;
  rejects?.write('line,reason\n');
  const reject = (line: number, reason: string) => {
    rejected++;
    rejects?.write(`${line},"${reason.replaceAll('"', '""')}"\n`);
  };
  const records = (async function* () {
    for await (const record of readCsv(options.file, (bytes) => (bytesRead = bytes))) {
      lines = record.line;
      yield record;
    }
  })();
  const presetOptions: PresetOptions = { currency: options.currency ?? options.sink.currency, timeZone: options.timeZone ?? options.sink.timeZone, columns: options.columns };
  const parsed: AsyncIterable<Parsed> = options.preset === 'online-retail' ? onlineRetail(records, presetOptions) : generic(records, presetOptions);
  let batch: ImportedPurchase[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await options.sink.write(batch);
    accepted += result.accepted;
    duplicates += result.duplicates;
    for (const refusal of result.refused) reject(refusal.line, refusal.reason);
    batch = [];
    options.onProgress?.({ lines, purchases, fraction: size ? bytesRead / size : 1, seconds: (performance.now() - started) / 1000 });
  };
  for await (const item of parsed) {
    if ('rejected' in item) {
      reject(item.rejected.line, item.rejected.reason);
      continue;
    }
    purchases++;
    batch.push(item.purchase);
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  await options.sink.finish();
  if (rejects) await new Promise<void>((resolve) => rejects.end(resolve));
  const seconds = (performance.now() - started) / 1000;
  const dataLines = Math.max(0, lines - 1);
  return {
    file: options.file,
    lines: dataLines,
    purchases,
    accepted,
    duplicates,
    rejected,
    rejectsFile: options.rejectsFile ?? null,
    seconds: Number(seconds.toFixed(2)),
    linesPerSecond: Math.round(dataLines / seconds),
  };
}
