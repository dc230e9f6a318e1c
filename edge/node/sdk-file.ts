import { readFile } from 'node:fs/promises';

export const SDK_BUILD_FILE = new URL('../../web-sdk/dist/rfm.js', import.meta.url);

/** The built SDK, or null (with a hint on the console) when `npm run build:sdk` has not run. */
export async function readSdkFromDisk(): Promise<string | null> {
  try {
    return await readFile(SDK_BUILD_FILE, 'utf8');
  } catch {
    console.warn('[rfm-edge] web-sdk/dist/rfm.js is missing: run npm run build:sdk (npm start does it for you)');
    return null;
  }
}
