import { SaxesParser } from 'saxes';
import { CallsightError } from '../../../shared/result.ts';
import { MESSAGES } from '../../messages.ts';

/**
 * Workbook parts through saxes, a streaming (SAX) XML parser: entities decoded, text delivered between
 * tags, nothing kept but the handler's own state. Tag names arrive without their prefix, because some
 * writers bind the SpreadsheetML namespace to one (`<x:row>`); attribute names are left as written.
 */

export interface XmlHandler {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(text: string): void;
}

export interface XmlFeed {
  write(chunk: Buffer | string): void;
  /** The document is complete: a truncated part fails here. */
  end(): void;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function xmlFeed(handler: XmlHandler): XmlFeed {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  // A part that is not well-formed XML makes the workbook damaged; there is no guessing past it.
  parser.on('error', () => {
    throw new CallsightError('unsupported-file', MESSAGES.workbookDamaged);
  });
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  // Bytes are decoded here, in stream mode, so a character split across two chunks stays whole.
  const decoder = new TextDecoder('utf-8');
  return {
    write: (chunk) => {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end: () => {
      parser.write(decoder.decode());
      parser.close();
    },
  };
}

export function parseXml(xml: string, handler: XmlHandler): void {
  const feed = xmlFeed(handler);
  feed.write(xml);
  feed.end();
}
