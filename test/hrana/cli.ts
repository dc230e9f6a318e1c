import { parseArgs } from 'node:util';
import { startHranaServer } from './server.ts';

// tsx test/hrana/cli.ts --db ./data/worker-dev.db --port 8080 [--host 127.0.0.1] [--auth-token T]
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: ':memory:' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'auth-token': { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  process.exit(2);
}

const server = await startHranaServer({ dbPath: values.db, port, host: values.host, authToken: values['auth-token'] ?? process.env.HRANA_AUTH_TOKEN });
console.log(server.url);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
