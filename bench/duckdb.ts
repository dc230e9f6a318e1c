import { DuckDBInstance } from '@duckdb/node-api';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { loadWorkspace } from '../edge/workspaces/workspace.ts';
import { peakRssMb } from './steps.ts';
import { duckdbPurchaseColumns, type SyntheticShape } from './synthetic.ts';

export interface DuckdbInput {
  dbPath: string;
  workspaceId: string;
  shape: SyntheticShape;
  /** how many contacts to compare one by one with our stored state */
  sampleSize: number;
}

interface ContactRfm {
  contactId: number;
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  firstPurchaseAt: number | null;
  lastPurchaseAt: number | null;
}

export interface DuckdbResult {
  version: string;
  threads: number;
  loadSeconds: number;
  /** the aggregation query alone, each run, and their median */
  aggregationRunsSeconds: number[];
  aggregationSeconds: number;
  contactsWithPurchases: number;
  peakRssMb: number;
  comparison: {
    sampled: number;
    mismatches: number;
    examples: { contactId: number; ours: ContactRfm; duckdb: ContactRfm }[];
    totals: { ours: Record<string, number>; duckdb: Record<string, number>; agree: boolean };
  };
}

const nullableNumber = (value: unknown) => (value == null ? null : Number(value));

/**
 * The reference for how fast a full aggregation can be: the same purchases generated inside DuckDB (in memory) from
 * the same seeded formula, then per contact, as of the same day and over the same look-back window — recency days,
 * frequency, monetary, first and last purchase — with only that query timed. Then the answers are compared with
 * the state our full rebuild stored, one contact at a time over a sample and in total over every contact: a
 * difference means one of the two is wrong (or the data differ), and the bench reports it.
 */
export async function duckdbStep(input: DuckdbInput): Promise<DuckdbResult> {
  const { shape } = input;
  const driver = createEmbeddedDriver(input.dbPath);
  const workspace = await loadWorkspace(driver, input.workspaceId);
  if (!workspace) throw new Error(`workspace ${input.workspaceId} does not exist`);
  const windowDays = workspace.settings.rfm.windowDays ?? 1_000_000_000;
  const today = shape.today;

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const settings = (await connection.runAndReadAll(`SELECT version() AS version, current_setting('threads') AS threads`)).getRowObjectsJS()[0]!;
  const columns = duckdbPurchaseColumns(shape);

  let started = performance.now();
  await connection.run(`CREATE TABLE purchases AS
    SELECT i AS order_number, CAST(${columns.contact} AS BIGINT) AS contact_id, CAST(${columns.amount} AS BIGINT) AS amount,
      CAST(${columns.purchasedAt} AS BIGINT) AS purchased_at, CAST(${columns.day} AS INTEGER) AS day, 'completed' AS status
    FROM (SELECT i, ${columns.u} AS u FROM range(1, ${shape.purchases + 1}) AS numbers(i))`);
  const loadSeconds = (performance.now() - started) / 1000;

  const aggregation = `CREATE OR REPLACE TABLE rfm AS
    SELECT contact_id, min(purchased_at) AS first_purchase_at, max(purchased_at) AS last_purchase_at,
      ${today} - max(day) AS recency_days,
      count(*) FILTER (WHERE day > ${today - windowDays}) AS frequency,
      coalesce(sum(amount) FILTER (WHERE day > ${today - windowDays}), 0) AS monetary
    FROM purchases WHERE status = 'completed' AND day <= ${today}
    GROUP BY contact_id`;
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    await connection.run(aggregation);
    runs.push(Number(((performance.now() - started) / 1000).toFixed(2)));
  }
  const median = [...runs].sort((a, b) => a - b)[1]!;
  const peak = peakRssMb();

  // The sample: the heaviest buyers (lowest offsets) and a spread over every contact.
  const sample = new Set<number>();
  for (let offset = 0; offset < Math.min(20, shape.contacts); offset++) sample.add(shape.firstContactId + offset);
  for (let k = 1; sample.size < Math.min(input.sampleSize, shape.contacts); k++) sample.add(shape.firstContactId + ((k * 7919) % shape.contacts));
  const ids = [...sample];

  const duckRows = (await connection.runAndReadAll(`SELECT * FROM rfm WHERE contact_id IN (${ids.join(',')})`)).getRowObjectsJS();
  const duckById = new Map<number, ContactRfm>(
    duckRows.map((row) => [
      Number(row.contact_id),
      {
        contactId: Number(row.contact_id),
        recencyDays: nullableNumber(row.recency_days),
        frequency: Number(row.frequency),
        monetary: Number(row.monetary),
        firstPurchaseAt: nullableNumber(row.first_purchase_at),
        lastPurchaseAt: nullableNumber(row.last_purchase_at),
      },
    ]),
  );
  const { rows: ourRows } = await driver.execute({
    sql: `SELECT c.id AS contact_id, r.last_purchase_day, r.frequency, r.monetary, r.first_purchase_at, r.last_purchase_at
          FROM contacts c LEFT JOIN contact_rfm r ON r.contact_id = c.id WHERE c.id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(ids)],
  });
  const oursById = new Map<number, ContactRfm>(
    ourRows.map((row) => [
      Number(row.contact_id),
      {
        contactId: Number(row.contact_id),
        recencyDays: row.last_purchase_day == null ? null : today - Number(row.last_purchase_day),
        frequency: Number(row.frequency ?? 0),
        monetary: Number(row.monetary ?? 0),
        firstPurchaseAt: nullableNumber(row.first_purchase_at),
        lastPurchaseAt: nullableNumber(row.last_purchase_at),
      },
    ]),
  );
  const nothing = (contactId: number): ContactRfm => ({ contactId, recencyDays: null, frequency: 0, monetary: 0, firstPurchaseAt: null, lastPurchaseAt: null });
  const examples: DuckdbResult['comparison']['examples'] = [];
  let mismatches = 0;
  for (const id of ids) {
    const ours = oursById.get(id) ?? nothing(id);
    const duckdb = duckById.get(id) ?? nothing(id);
    if (JSON.stringify(ours) !== JSON.stringify(duckdb)) {
      mismatches++;
      if (examples.length < 5) examples.push({ contactId: id, ours, duckdb });
    }
  }

  const duckTotals = (
    await connection.runAndReadAll(
      `SELECT count(*) AS contacts, sum(frequency) AS frequency, sum(monetary) AS monetary, sum(recency_days) AS recency_days, sum(last_purchase_at) AS last_purchase_at FROM rfm`,
    )
  ).getRowObjectsJS()[0]!;
  const { rows: totals } = await driver.execute({
    sql: `SELECT count(*) AS contacts, sum(frequency) AS frequency, sum(monetary) AS monetary, sum(${today} - last_purchase_day) AS recency_days,
            sum(last_purchase_at) AS last_purchase_at
          FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL`,
    args: [input.workspaceId],
  });
  const asNumbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  const ourTotals = asNumbers(totals[0]!);
  const duckTotalNumbers = asNumbers(duckTotals);
  const contactsWithPurchases = duckTotalNumbers.contacts ?? 0;

  connection.closeSync();
  instance.closeSync();
  await driver.close();
  return {
    version: String(settings.version),
    threads: Number(settings.threads),
    loadSeconds: Number(loadSeconds.toFixed(1)),
    aggregationRunsSeconds: runs,
    aggregationSeconds: median,
    contactsWithPurchases,
    peakRssMb: peak,
    comparison: {
      sampled: ids.length,
      mismatches,
      examples,
      totals: { ours: ourTotals, duckdb: duckTotalNumbers, agree: JSON.stringify(ourTotals) === JSON.stringify(duckTotalNumbers) },
    },
  };
}
