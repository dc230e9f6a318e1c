import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { splitMigrationSql, type Migration } from './migrate.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The drizzle-kit migrations committed under db/migrations, in journal order. Node only. */
export function loadMigrations(folder = migrationsFolder): Migration[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map(({ tag }) => ({
    tag,
    statements: splitMigrationSql(readFileSync(`${folder}/${tag}.sql`, 'utf8')),
  }));
}
