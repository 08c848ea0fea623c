import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway folder under the system temp dir, for tests that write real files. */
export function tempDir(prefix: string): { readonly dir: string; file(name: string, content?: string | Uint8Array): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `callsight-${prefix}-`));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      if (content !== undefined) fs.writeFileSync(p, content);
      return p;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
