/** What global-setup.ts hands the Worker tests through vitest's provide/inject. */
import type { WorkspaceKeys } from '../scenarios/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workspaces: WorkspaceKeys[];
    retailWorkspace: WorkspaceKeys;
    retailCsv: string;
    retailReference: string;
  }
}
