/**
 * A throwaway temp folder for unit tests. Encoded text and .xlsx workbooks come from the shared
 * fixture modules: test/fixtures/encode.ts and test/fixtures/xlsx.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix: string): { dir: string; file(name: string, content?: string | Uint8Array): string; cleanup(): void } {
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
