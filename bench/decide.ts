import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { trackChildProcess } from './steps.ts';

export interface LoadResult {
  route: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface ServerUnderTest {
  origin: string;
  pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * The Node server as `npm start` runs it (edge/node/main.ts), in its own process so the load generator's CPU and
 * memory are not counted as the server's, over an embedded libSQL file the bench prepared.
 */
export async function startServerUnderTest(dbPath: string, demoCredentialsFile: string, port: number): Promise<ServerUnderTest> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'edge/node/main.ts'], {
    env: { ...process.env, LIBSQL_URL: `file:${dbPath}`, PORT: String(port), HOST: '127.0.0.1', DEMO_CREDENTIALS_FILE: demoCredentialsFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackChildProcess(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('ready in')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Its start-up tick (nothing to do: every workspace was rebuilt today) must be over before anything is measured.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rssMb: () => rssOfProcess(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export function rssOfProcess(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

export async function load(options: autocannon.Options & { route: string }): Promise<LoadResult> {
  const started = performance.now();
  const result = await autocannon({ connections: 32, pipelining: 1, ...options });
  const seconds = (performance.now() - started) / 1000;
  const requests = result.requests.total;
  return {
    route: options.route,
    requests,
    seconds: Number(seconds.toFixed(1)),
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * Samples a process's RSS every `everyMs` while work runs, each sample with how many requests had been sent by
 * then, so growth while warming up (JIT, heap sizing, SQLite's page cache) can be told from growth that goes on.
 */
export async function sampleRss<T>(pid: number, everyMs: number, requestsSoFar: () => number, work: () => Promise<T>): Promise<{ result: T; samples: { requests: number; rssMb: number }[] }> {
  const sample = () => ({ requests: requestsSoFar(), rssMb: Math.round(rssOfProcess(pid)) });
  const samples = [sample()];
  const timer = setInterval(() => samples.push(sample()), everyMs);
  try {
    const result = await work();
    return { result, samples };
  } finally {
    clearInterval(timer);
    samples.push(sample());
  }
}
