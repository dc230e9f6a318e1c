import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from '../../db/connect.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { isValidTimeZone } from '../engine/time/index.ts';
import { importContacts } from '../import/contacts.ts';
import { progressReporter } from '../import/progress.ts';
import { importPurchases, localSink, remoteSink, type PurchaseSink } from '../import/run.ts';
import { rebuildWorkspaceUnmapped } from '../rfm/rebuild.ts';
import { runDailyTick } from '../rfm/schedule.ts';
import { createWorkspace } from '../workspaces/workspace.ts';

const USAGE = `Usage:
  npm run rfm -- workspace create --name NAME [--currency EUR] [--timezone Europe/Berlin] [--origin https://shop.example]...
  npm run rfm -- rfm tick --workspace ID        (the daily recompute, now)
  npm run rfm -- rfm rebuild --workspace ID     (recompute every contact from purchases)
  npm run rfm -- import purchases FILE.csv[.gz] --workspace ID [--preset online-retail|generic]
        [--column amount=Total]... [--timezone Europe/London] [--currency GBP] [--rejects rejects.csv]
  npm run rfm -- import purchases FILE --url https://edge.example --key sk_... --currency EUR --timezone Europe/Berlin
  npm run rfm -- import contacts FILE.csv --workspace ID [--column customerId=Id] [--rejects rejects.csv]
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
    timezone: { type: 'string' },
    origin: { type: 'string', multiple: true },
    workspace: { type: 'string' },
    preset: { type: 'string', default: 'generic' },
    column: { type: 'string', multiple: true },
    rejects: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
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
      if (!isValidTimeZone(values.timezone ?? 'UTC')) fail(`--timezone must be an IANA time zone such as Europe/Berlin (got ${values.timezone})`);
      const origins = values.origin ?? [];
      for (const origin of origins) if (!/^https?:\/\/[^/]+$/.test(origin)) fail(`--origin must be a scheme and host such as https://shop.example (got ${origin})`);
      const credentials = await createWorkspace(driver, { name: values.name.trim(), currency: values.currency, timeZone: values.timezone ?? 'UTC', allowedOrigins: origins });
      console.log(JSON.stringify(credentials, null, 2));
      break;
    }
    case 'rfm tick':
    case 'rfm rebuild': {
      if (!values.workspace) fail('--workspace is required');
      const run = command === 'rfm tick' ? runDailyTick : rebuildWorkspaceUnmapped;
      console.log(JSON.stringify(await run(driver, values.workspace, Date.now())));
      break;
    }
    default: {
      const [first, second, file] = positionals;
      if (first !== 'import' || (second !== 'purchases' && second !== 'contacts')) fail(command ? `unknown command "${command}"` : 'no command');
      if (!file) fail(`import ${second} needs a FILE`);
      if (!existsSync(file)) fail(`${file} does not exist`);
      const columns = Object.fromEntries((values.column ?? []).map((mapping) => mapping.split('=', 2) as [string, string]));
      if (second === 'contacts') {
        if (!values.workspace) fail('--workspace is required');
        console.log(JSON.stringify(await importContacts(driver, values.workspace, file, { customerIdColumn: columns.customerId, emailColumn: columns.email, rejectsFile: values.rejects })));
        break;
      }
      if (values.preset !== 'online-retail' && values.preset !== 'generic') fail(`--preset must be online-retail or generic (got ${values.preset})`);
      if (values.timezone && !isValidTimeZone(values.timezone)) fail(`--timezone must be an IANA time zone such as Europe/Berlin (got ${values.timezone})`);
      let sink: PurchaseSink;
      if (values.url) {
        if (!values.key?.startsWith('sk_') && !values.key?.startsWith('ak_')) fail('--url needs --key with a secret (sk_) key');
        sink = remoteSink(values.url, values.key!, values.currency.toUpperCase(), values.timezone ?? 'UTC');
      } else {
        if (!values.workspace) fail('--workspace is required (or --url and --key to import through the API)');
        sink = await localSink(driver, values.workspace);
      }
      const progress = progressReporter();
      const summary = await importPurchases({
        file,
        preset: values.preset,
        sink,
        rejectsFile: values.rejects ?? `${file.replace(/\.csv(\.gz)?$/, '')}.rejects.csv`,
        columns,
        timeZone: values.timezone,
        onProgress: (update) => progress.update(update),
      });
      progress.done();
      console.log(JSON.stringify(summary, null, 2));
    }
  }
} finally {
  await driver.close();
}
