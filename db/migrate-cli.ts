import { parseArgs } from 'node:util';
import { connect } from './connect.ts';
import { applyMigrations } from './migrate.ts';
import { loadMigrations } from './migrations-from-disk.ts';

// npm run db:migrate -- [--url libsql://db.turso.io] [--auth-token TOKEN]   (defaults: LIBSQL_URL, LIBSQL_AUTH_TOKEN)
const { values } = parseArgs({ options: { url: { type: 'string' }, 'auth-token': { type: 'string' } } });
const url = values.url ?? process.env.LIBSQL_URL;
const driver = connect(url, values['auth-token'] ?? process.env.LIBSQL_AUTH_TOKEN);
try {
  const applied = await applyMigrations(driver, loadMigrations());
  console.log(JSON.stringify({ url: url ?? 'file:./data/rfm-edge.db', applied }));
} finally {
  await driver.close();
}
