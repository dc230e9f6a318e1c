/**
 * The script-tag entry (dist/rfm.js):
 *   <script async src="https://edge.example/sdk.js" data-key="pk_…" data-api? data-timeout? data-consent?></script>
 * Replays the calls a queue stub collected, then puts the real command function at `window.rfm`:
 *   rfm('identify', customerId, signature) · rfm('track', type, props?) · rfm('consent', true|false)
 *   rfm('on', 'segments', callback) · rfm('decide') · rfm('page')
 */
import { createRfm } from './sdk.ts';

type CommandFunction = ((...args: unknown[]) => void) & {
  /** calls a queue stub made before the SDK loaded */
  q?: ArrayLike<unknown>[] | { push(args: ArrayLike<unknown>): void };
  /** set on the real function, so a second copy of the script does nothing */
  l?: 1;
};

try {
  const host = window as unknown as { rfm?: CommandFunction };
  const script = (document.currentScript || document.querySelector('script[data-key][src*="sdk"]')) as HTMLScriptElement | null;
  const data = script ? script.dataset : {};
  const stub = host.rfm;
  if (script && data.key && !(stub && stub.l)) {
    const timeout = Number(data.timeout);
    const rfm = createRfm({
      key: data.key,
      api: data.api || new URL(script.src).origin,
      timeout: timeout >= 0 ? timeout : 300,
      consentRequired: data.consent == 'required',
    }) as unknown as Record<string, unknown>;
    const command: CommandFunction = function (name: unknown, ...args: unknown[]) {
      try {
        const method = rfm[String(name)];
        if (typeof method == 'function') method(...args);
      } catch {
        // the SDK never breaks the host page
      }
    };
    const queued = stub && stub.q;
    command.l = 1;
    // a stub still held somewhere pushes onto window.rfm.q: run those calls too
    const replay = (args: ArrayLike<unknown>) => command(...Array.from(args));
    command.q = { push: replay };
    host.rfm = command;
    if (queued) for (const args of Array.from(queued as ArrayLike<unknown>[])) replay(args);
  }
} catch {
  // the SDK never breaks the host page
}
