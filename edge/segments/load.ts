import type { SqlDriver } from '../../db/driver.ts';
import type { SegmentDefinition } from '../engine/rules/index.ts';

export async function loadEnabledSegments(driver: SqlDriver, workspaceId: string): Promise<SegmentDefinition[]> {
  const { rows } = await driver.execute({
    sql: 'SELECT key, name, rule, priority FROM segments WHERE workspace_id = ? AND enabled = 1 ORDER BY priority DESC, key',
    args: [workspaceId],
  });
  return rows.map((row) => ({ key: String(row.key), name: String(row.name), rule: JSON.parse(String(row.rule)), priority: Number(row.priority) }));
}
