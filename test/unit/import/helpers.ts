/**
 * Test helpers for the import engine: single-byte Cyrillic encoders (Node's TextEncoder only does UTF-8,
 * so the char→byte tables are built by decoding every high byte once), UTF-16 encoders, temp folders,
 * and a minimal XLSX writer (stored ZIP entries) so XLSX tests need no package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

function singleByteEncoder(label: string): (text: string) => Uint8Array {
  const table = new Map<string, number>();
  const decoder = new TextDecoder(label);
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const ch = decoder.decode(Uint8Array.of(byte));
    if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, byte);
  }
  return (text) => {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const byte = code < 0x80 ? code : table.get(text[i]!);
      if (byte === undefined) throw new Error(`${label} cannot encode ${text[i]}`);
      out[i] = byte;
    }
    return out;
  };
}

export const encodeCp1251 = singleByteEncoder('windows-1251');
export const encodeKoi8r = singleByteEncoder('koi8-r');
export const encodeMacCyrillic = singleByteEncoder('x-mac-cyrillic');
export const encodeUtf16le = (text: string): Uint8Array => Buffer.from(text, 'utf16le');
export const encodeUtf16be = (text: string): Uint8Array => Buffer.from(text, 'utf16le').swap16();
export const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
export const concat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);

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

/** A ZIP with deflated entries (what Excel writes). */
export function zip(entries: Readonly<Record<string, string>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(entries).length, 8); end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cell: string → shared string, {inline} → inline string, number → number, {date} → serial with a date style. */
export type Cell = string | number | { inline: string } | { date: number } | null;

export function xlsx(sheets: Readonly<Record<string, readonly (readonly Cell[])[]>>): Buffer {
  const shared: string[] = [];
  const entries: Record<string, string> = {};
  const names = Object.keys(sheets);
  names.forEach((name, s) => {
    const rows = sheets[name]!.map((cells, r) => {
      const xmlCells = cells.map((cell, c) => {
        const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
        if (cell === null) return '';
        if (typeof cell === 'string') { shared.push(cell); return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`; }
        if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
        if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${xml(cell.inline)}</t></is></c>`;
        return `<c r="${ref}" s="1"><v>${cell.date}</v></c>`;
      }).join('');
      return `<row r="${r + 1}">${xmlCells}</row>`;
    }).join('');
    entries[`xl/worksheets/sheet${s + 1}.xml`] = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  });
  entries['xl/workbook.xml'] = `<?xml version="1.0"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${
    names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  entries['xl/_rels/workbook.xml.rels'] = `<?xml version="1.0"?><Relationships>${
    names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
  entries['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst>${shared.map((t) => `<si><t>${xml(t)}</t></si>`).join('')}</sst>`;
  entries['xl/styles.xml'] = '<?xml version="1.0"?><styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
  return zip(entries);
}
