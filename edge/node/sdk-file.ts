import { readFile } from 'node:fs/promises';
import type { BuiltScript } from '../deps.ts';

export const SDK_BUILD_FILE = new URL('../../web-sdk/dist/rfm.js', import.meta.url);
export const WIDGET_BUILD_FILE = new URL('../../widget/dist/admin.js', import.meta.url);

const BUILDS: Record<BuiltScript, { file: URL; command: string }> = {
  'rfm.js': { file: SDK_BUILD_FILE, command: 'npm run build:sdk' },
  'admin.js': { file: WIDGET_BUILD_FILE, command: 'npm run build:widget' },
};

/** A built browser script, or null (with a hint on the console) when its build has not run. */
export async function readSdkFromDisk(_bindings?: unknown, name: BuiltScript = 'rfm.js'): Promise<string | null> {
  const build = BUILDS[name];
  try {
    return await readFile(build.file, 'utf8');
  } catch {
    console.warn(`[rfm-edge] ${build.file.pathname} is missing: run ${build.command} (npm start does it for you)`);
    return null;
  }
}
