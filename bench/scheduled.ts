import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { localDayNumber } from '../edge/engine/time/index.ts';
import { rebuildWorkspaceUnmapped } from '../edge/rfm/rebuild.ts';
import { runDailyTick } from '../edge/rfm/schedule.ts';
import { peakRssMb } from './steps.ts';
import { SYNTHETIC_TIME_ZONE } from './synthetic.ts';

export interface ScheduledInput {
  dbPath: string;
  workspaceId: string;
  now: number;
}

export interface ScheduledResult {
  seconds: number;
  chunks: number;
  thresholdsChanged: boolean;
  /** contact_rfm rows the step wrote (computed_day = the step's day) */
  contactsWritten: number;
  /** this process's RSS when the step began (Node, tsx, the driver) and its peak by the end */
  rssAtStartMb: number;
  peakRssMb: number;
}

async function timedStep(input: ScheduledInput, work: typeof rebuildWorkspaceUnmapped): Promise<ScheduledResult> {
  const driver = createEmbeddedDriver(input.dbPath);
  const rssAtStartMb = peakRssMb();
  const started = performance.now();
  const report = await work(driver, input.workspaceId, input.now);
  const seconds = (performance.now() - started) / 1000;
  const peak = peakRssMb();
  const { rows } = await driver.execute({
    sql: 'SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND computed_day = ?',
    args: [input.workspaceId, localDayNumber(input.now, SYNTHETIC_TIME_ZONE)],
  });
  await driver.close();
  return {
    seconds: Number(seconds.toFixed(1)),
    chunks: report.chunks,
    thresholdsChanged: report.thresholdsChanged,
    contactsWritten: Number(rows[0]!.n),
    rssAtStartMb,
    peakRssMb: peak,
  };
}

/** The full rebuild from purchases (after a configuration change), timed in a process of its own. */
export const rebuildStep = (input: ScheduledInput) => timedStep(input, rebuildWorkspaceUnmapped);

/** The daily tick (what time alone changes), timed in a process of its own. */
export const tickStep = (input: ScheduledInput) => timedStep(input, runDailyTick);
