import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Each heavy step of the bench (loading, the full rebuild, the daily tick, DuckDB) runs in its own Node process, so
 * its peak RSS is its own — not the load generator's, nor DuckDB's next to ours — and memory one step leaves
 * behind cannot slow the next. The parent passes JSON in and reads JSON back through a file.
 */
export type StepName = 'prepare' | 'rebuild' | 'tick' | 'duckdb';

const STEP_ENTRY = fileURLToPath(new URL('./step-entry.ts', import.meta.url));

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** The bench's own child processes (steps, the server under test), so an interrupted run leaves none behind. */
const childProcesses = new Set<ChildProcess>();

export function trackChildProcess(child: ChildProcess) {
  childProcesses.add(child);
  child.once('exit', () => childProcesses.delete(child));
}

export function stopChildProcesses() {
  for (const child of childProcesses) child.kill('SIGTERM');
}

export async function runStep<Result>(name: StepName, input: object, resultFile: string): Promise<Result> {
  writeFileSync(resultFile, '');
  const child = spawn(process.execPath, ['--import', 'tsx', STEP_ENTRY, name, JSON.stringify(input), resultFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  trackChildProcess(child);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bench step ${name} exited with ${code}`);
  return JSON.parse(readFileSync(resultFile, 'utf8')) as Result;
}
