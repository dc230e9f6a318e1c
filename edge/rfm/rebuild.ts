import type { SqlDriver } from '../../db/driver.ts';
import { rebuildWorkspace, type ScheduleReport } from './schedule.ts';

/**
 * The full rebuild, reading through the page cache where the driver has a memory map (the embedded driver).
 *
 * The rebuild reads every purchase once. Through the memory map each page it touches stays mapped and counts in the
 * process's RSS: 1,176 MB peak at 1M contacts / 10M purchases, of which 1,052 MB is the mapped database file and
 * 130 MB the process's own memory. Through SQLite's page cache the same rebuild peaks at 184 MB in the same time
 * (19.1 s vs 19.0–19.5 s). Over a remote connection (Workers, Turso) there is nothing to switch. While it runs, other
 * requests on the same connection read through the page cache too (slightly slower decides, for its duration only).
 */
export function rebuildWorkspaceUnmapped(driver: SqlDriver, workspaceId: string, now: number): Promise<ScheduleReport> {
  const rebuild = () => rebuildWorkspace(driver, workspaceId, now);
  return driver.withoutMemoryMap ? driver.withoutMemoryMap(rebuild) : rebuild();
}
