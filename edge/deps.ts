import type { SqlDriver } from '../db/driver.ts';
import type { Workspace } from './workspaces/workspace.ts';
import type { KeyKind } from './workspaces/keys.ts';

export interface AppDeps {
  /** The database for this request. Node hands out one embedded driver; the Worker opens one HTTP client per request. */
  database: (bindings: unknown) => SqlDriver;
  /** Epoch milliseconds; injected so tests and `asOf` reports can move time. */
  clock: () => number;
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
  };
}
