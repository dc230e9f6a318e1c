import { writeFileSync } from 'node:fs';
import { duckdbStep, type DuckdbInput } from './duckdb.ts';
import { prepareStep, type PrepareInput } from './prepare.ts';
import { rebuildStep, tickStep, type ScheduledInput } from './scheduled.ts';
import type { StepName } from './steps.ts';

/** `node --import tsx bench/step-entry.ts STEP INPUT_JSON RESULT_FILE`: one bench step in a process of its own. */
const [name, inputJson, resultFile] = process.argv.slice(2) as [StepName, string, string];
const input: unknown = JSON.parse(inputJson);
const steps: Record<StepName, (input: never) => Promise<unknown>> = {
  prepare: (value: PrepareInput) => prepareStep(value),
  rebuild: (value: ScheduledInput) => rebuildStep(value),
  tick: (value: ScheduledInput) => tickStep(value),
  duckdb: (value: DuckdbInput) => duckdbStep(value),
};
const result = await steps[name](input as never);
writeFileSync(resultFile, JSON.stringify(result));
