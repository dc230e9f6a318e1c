import type { SqlDriver } from '../db/driver.ts';
import type { Workspace } from './workspaces/workspace.ts';
import type { KeyKind } from './workspaces/keys.ts';

export interface AppDeps {
  /** The database for this request. Node hands out one embedded driver; the Worker opens one HTTP client per request. */
  database: (bindings: unknown) => SqlDriver;
  /** Epoch milliseconds; injected so tests and `asOf` reports can move time. */
  clock: () => number;
  /**
   * A built browser script — the SDK (`rfm.js`, web-sdk/dist) or the admin widget (`admin.js`, widget/dist): read
   * from disk on Node, from static assets on Workers. Null when not built.
   */
  sdkScript?: (bindings: unknown, file?: BuiltScript) => Promise<string | null>;
  /** The demo shop at `/`, on Node with the demo workspace only. */
  demo?: DemoShop;
  /** A faster way to read a request body on this runtime (Node: straight from the socket), or undefined to use the standard one. */
  readBody?: (bindings: unknown) => Promise<string> | undefined;
  /** Decide's fail-open budget in milliseconds. */
  decideBudgetMs?: number;
}

/** The SDK, the admin's loader, and the admin's ES modules (`admin/m/<name>.<hash>.js`). */
export type BuiltScript = 'rfm.js' | 'admin.js' | `admin/m/${string}`;

export interface DemoShop {
  workspaceId: string;
  publishableKey: string;
  identitySecret: string;
}

export interface AuthContext {
  workspace: Workspace;
  keyKind: KeyKind;
}

export interface AppEnv {
  Variables: {
    db: SqlDriver;
    auth: AuthContext;
    now: number;
    /** set by a browser handler once the request's Origin is admitted; the CORS middleware echoes it */
    corsOrigin: string;
    /** the request body as text, read the fastest way this runtime has */
    bodyText: () => Promise<string>;
  };
}
