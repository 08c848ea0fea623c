import fs from 'node:fs';
import { openForReading } from './delimited.ts';

/**
 * XLSX or delimited text, by content: an XLSX is a ZIP and starts with "PK\3\4". The extension
 * is ignored on purpose — exports are often renamed (.csv that is really .xlsx, .txt from Excel).
 */
export function detectSourceKindSync(path: string): 'delimited' | 'xlsx' {
  const fd = openForReading(path);
  try {
    const magic = Buffer.alloc(4);
    const n = fs.readSync(fd, magic, 0, 4, 0);
    return n === 4 && magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04 ? 'xlsx' : 'delimited';
  } finally {
    fs.closeSync(fd);
  }
}
