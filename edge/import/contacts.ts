import { createWriteStream } from 'node:fs';
import type { SqlDriver } from '../../db/driver.ts';
import { refreshAllMemberships } from '../segments/membership.ts';
import { loadWorkspace } from '../workspaces/workspace.ts';
import { readCsv } from './csv.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Contact attributes from CSV: a customer id column, an optional email column, every other column an attribute
 * (numbers stay numbers; empty cells are left out). Rows merge into existing contacts.
 */
export async function importContacts(
  driver: SqlDriver,
  workspaceId: string,
  file: string,
  options: { customerIdColumn?: string; emailColumn?: string; rejectsFile?: string; now?: number } = {},
) {
  const workspace = await loadWorkspace(driver, workspaceId);
  if (!workspace) throw new Error(`workspace ${workspaceId} does not exist in this database`);
  const started = performance.now();
  const rejects = options.rejectsFile ? createWriteStream(options.rejectsFile) : null;
  rejects?.write('line,reason\n');
  let header: string[] | null = null;
  let batch: [string, string | null, string][] = [];
  let imported = 0;
  let rejected = 0;
  let lines = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await driver.execute({
      sql: `INSERT INTO contacts (workspace_id, customer_id, email, attributes) SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
            ON CONFLICT (workspace_id, customer_id) DO UPDATE SET email = coalesce(excluded.email, contacts.email),
              attributes = json_patch(contacts.attributes, excluded.attributes), updated_at = ?`,
      args: [workspace.id, JSON.stringify(batch), options.now ?? Date.now()],
    });
    imported += batch.length;
    batch = [];
  };
  const reject = (line: number, reason: string) => {
    rejected++;
    rejects?.write(`${line},"${reason.replaceAll('"', '""')}"\n`);
  };
  for await (const record of readCsv(file)) {
    lines = record.line;
    if (!header) {
      header = record.fields.map((name) => name.trim());
      if (!header.includes(options.customerIdColumn ?? 'customerId')) throw new Error(`no ${options.customerIdColumn ?? 'customerId'} column; name it with --column customerId=<header>`);
      const bad = header.filter((name) => name !== (options.customerIdColumn ?? 'customerId') && name !== (options.emailColumn ?? 'email') && !ATTRIBUTE_NAME.test(name));
      if (bad.length > 0) throw new Error(`column names ${bad.join(', ')} cannot be attribute names (letters, digits, _)`);
      continue;
    }
    const values = Object.fromEntries(header.map((name, index) => [name, (record.fields[index] ?? '').trim()]));
    const customerId = values[options.customerIdColumn ?? 'customerId'] ?? '';
    const email = values[options.emailColumn ?? 'email'] || null;
    if (!customerId) {
      reject(record.line, 'no customer id');
      continue;
    }
    if (email && !EMAIL.test(email)) {
      reject(record.line, `email ${JSON.stringify(email)} is not an email address`);
      continue;
    }
    const attributes: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(values)) {
      if (name === (options.customerIdColumn ?? 'customerId') || name === (options.emailColumn ?? 'email') || value === '') continue;
      attributes[name] = /^-?\d+(\.\d+)?$/.test(value) && value.length < 16 ? Number(value) : value;
    }
    batch.push([customerId, email, JSON.stringify(attributes)]);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  if (rejects) await new Promise<void>((resolve) => rejects.end(resolve));
  await refreshAllMemberships(driver, workspace, options.now ?? Date.now(), 'contact_update');
  return { lines: Math.max(0, lines - 1), imported, rejected, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}
