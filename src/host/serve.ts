import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEngine } from '../core/engine/engine-client.ts';
import { dataPaths } from '../core/engine/data-paths.ts';
import { defaultDataDir } from '../core/default-data-dir.ts';
import { APP_VERSION } from '../core/version.ts';
import { startHttpHost } from './server/http-host.ts';

/** `npm run serve -- [--port N] [--data-dir DIR]`: the app in any browser, on 127.0.0.1 only. */
function usage(message: string): never {
  process.stderr.write(`serve: ${message}. Usage: npm run serve -- [--port N] [--data-dir DIR]\n`);
  process.exit(2);
}

let values: { port?: string; 'data-dir'?: string };
try {
  ({ values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true }));
} catch (error) {
  usage(error instanceof Error ? error.message.split('\n')[0]! : 'bad arguments');
}
const port = Number(values.port ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be 0–65535, got ${values.port}`);

const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
if (!existsSync(`${rendererDir}/index.html`)) {
  process.stderr.write('serve: the renderer is not built yet; run `npm run build` first.\n');
  process.exit(1);
}

const dataDir = values['data-dir'] ?? defaultDataDir();
const engine = startEngine({ dataDir, appVersion: APP_VERSION, host: 'browser' });
const { uploadsDir, exportsDir } = dataPaths(dataDir);
const host = await startHttpHost({ engine, rendererDir, uploadsDir, exportsDir, port });
process.stdout.write(`Callsight UI: ${host.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([host.close(), engine.close()]).then(() => process.exit(0));
  });
}
