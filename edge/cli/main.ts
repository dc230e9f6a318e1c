import { parseArgs } from 'node:util';
import { connect } from '../../db/connect.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { isValidTimeZone } from '../engine/time/index.ts';
import { rebuildWorkspace, runDailyTick } from '../rfm/schedule.ts';
import { createWorkspace } from '../workspaces/workspace.ts';

const USAGE = `Usage:
  npm run rfm -- workspace create --name NAME [--currency EUR] [--timezone Europe/Berlin] [--origin https://shop.example]...
  npm run rfm -- rfm tick --workspace ID        (the daily recompute, now)
  npm run rfm -- rfm rebuild --workspace ID     (recompute every contact from purchases)
Database: LIBSQL_URL (default file:./data/rfm-edge.db), LIBSQL_AUTH_TOKEN for Turso.`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    currency: { type: 'string', default: 'EUR' },
    timezone: { type: 'string', default: 'UTC' },
    origin: { type: 'string', multiple: true },
    workspace: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const command = positionals.join(' ');
const driver = connect(process.env.LIBSQL_URL, process.env.LIBSQL_AUTH_TOKEN);
try {
  await applyMigrations(driver, loadMigrations());
  switch (command) {
    case 'workspace create': {
      if (!values.name?.trim()) fail('--name is required');
      if (!/^[A-Za-z]{3}$/.test(values.currency)) fail(`--currency must be a 3-letter ISO 4217 code (got ${values.currency})`);
      if (!isValidTimeZone(values.timezone)) fail(`--timezone must be an IANA time zone such as Europe/Berlin (got ${values.timezone})`);
      const origins = values.origin ?? [];
      for (const origin of origins) if (!/^https?:\/\/[^/]+$/.test(origin)) fail(`--origin must be a scheme and host such as https://shop.example (got ${origin})`);
      const credentials = await createWorkspace(driver, { name: values.name.trim(), currency: values.currency, timeZone: values.timezone, allowedOrigins: origins });
      console.log(JSON.stringify(credentials, null, 2));
      break;
    }
    case 'rfm tick':
    case 'rfm rebuild': {
      if (!values.workspace) fail('--workspace is required');
      const run = command === 'rfm tick' ? runDailyTick : rebuildWorkspace;
      console.log(JSON.stringify(await run(driver, values.workspace, Date.now())));
      break;
    }
    default:
      fail(command ? `unknown command "${command}"` : 'no command');
  }
} finally {
  await driver.close();
}
