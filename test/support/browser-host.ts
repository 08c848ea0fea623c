import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /^Callsight UI: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/;

/** A running browser host (`node src/host/serve.ts`), for the e2e fixture and the UI bench. */
export interface BrowserHost {
  /** The URL printed by the host, token included. */
  readonly url: string;
  readonly origin: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

export interface BrowserHostOptions {
  /** Also copy the host's stderr to this process's stderr as it comes (the bench); it is always kept for errors. */
  readonly echoStderr?: boolean;
  /** How long to wait for the URL line. */
  readonly timeoutMs?: number;
}

/**
 * Starts `node src/host/serve.ts --port 0 --data-dir <dataDir>` from the repository root and resolves
 * once it prints its URL line. The host serves the built renderer, so `electron-vite build` must have run.
 */
export async function startBrowserHost(dataDir: string, options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const child = spawn(process.execPath, ['src/host/serve.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.echoStderr) process.stderr.write(chunk);
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host did not print its URL in ${timeoutMs / 1000} s\n${stderr}`)), timeoutMs);
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const match = URL_LINE.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited with ${code} before printing its URL (is the renderer built? \`npm run build\`)\n${stderr}`));
      });
    });
    return { url, origin: new URL(url).origin, stop: () => stopProcess(child) };
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
