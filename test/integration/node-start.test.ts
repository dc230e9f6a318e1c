import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-start-'));
const running: ChildProcess[] = [];

/** `npm start` as a user runs it (the same entry, through tsx), on a free port and a temporary database. */
function start(port: number): Promise<{ child: ChildProcess; output: string; readyMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['edge/node/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), LIBSQL_URL: `file:${join(folder, 'start.db')}`, DEMO_CREDENTIALS_FILE: join(folder, 'demo.json') },
    });
    running.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready after 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready in (\d+) ms/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, output, readyMs: Number(ready[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('npm start', () => {
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates the demo workspace once, prints its keys and serves real RFM state', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const first = await start(port);
    expect(first.output).toMatch(/created the demo workspace/);
    const credentials = JSON.parse(readFileSync(join(folder, 'demo.json'), 'utf8'));
    expect(first.output).toContain(credentials.secretKey);

    const response = await fetch(`http://127.0.0.1:${port}/v1/contacts/14646`, { headers: { authorization: `Bearer ${credentials.secretKey}` } });
    expect(response.status).toBe(200);
    const contact = await response.json();
    expect(contact.rfm.recencyDays).toBe(2); // its last invoice is a day before the data set's last day, which the demo shifts to yesterday
    expect(contact.rfm.frequency).toBeGreaterThan(10);
    expect(contact.attributes.country).toBe('Netherlands');
    await stop(first.child);

    const second = await start(port);
    expect(second.output).not.toMatch(/created the demo workspace/);
    expect(second.output).toContain(credentials.secretKey);
    const again = await fetch(`http://127.0.0.1:${port}/v1/contacts/14646`, { headers: { authorization: `Bearer ${credentials.secretKey}` } });
    expect((await again.json()).rfm.frequency).toBe(contact.rfm.frequency);
    await stop(second.child);
  }, 180_000);
});
