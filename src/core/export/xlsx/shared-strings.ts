import { xmlText, XML_HEADER } from './xml-text.ts';

/**
 * The workbook's shared-strings table, for the annotation columns only: their texts come from a few
 * dozen statuses, sides and reasons, so each is written once and every row refers to it by number — a
 * third less sheet XML to build, checksum and deflate. Original cells stay inline strings: their values
 * are unbounded, and a table of them would have to be held in memory until the end.
 */
export class SharedStrings {
  readonly #ids = new Map<string, number>();
  readonly #texts: string[] = [];

  id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#texts.length;
      this.#ids.set(text, id);
      this.#texts.push(text);
    }
    return id;
  }

  xml(): string {
    const items = this.#texts.map((text) => `<si><t${text !== text.trim() ? ' xml:space="preserve"' : ''}>${xmlText(text)}</t></si>`).join('');
    return `${XML_HEADER}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="${this.#texts.length}">${items}</sst>`;
  }
}
