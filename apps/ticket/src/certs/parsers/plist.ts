/**
 * A reader for the XML property lists found in iOS provisioning profiles: dict, array, string, date, data,
 * integer, real, true and false. No DTD, CDATA or processing beyond the prolog; anything else is a PlistSyntaxError.
 */
export type PlistValue = string | number | boolean | Date | Buffer | PlistValue[] | PlistDict;
export interface PlistDict {
  [key: string]: PlistValue;
}

export class PlistSyntaxError extends Error {}

export function parsePlistXml(xml: string): PlistValue {
  return new PlistReader(xml).readDocument();
}

interface Tag {
  name: string;
  kind: 'open' | 'close' | 'empty';
}

const TAG = /<(\/?)([A-Za-z]+)(?:\s[^>]*?)?(\/?)>/y;
// The prolog and comments carry nothing we need: `<?xml …?>`, `<!DOCTYPE …>`, `<!-- … -->`.
const SKIPPABLE = /\s+|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/y;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
// Real profiles nest three or four levels; the limit keeps a hostile upload from exhausting the stack.
const MAX_DEPTH = 32;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class PlistReader {
  private pos = 0;

  constructor(private readonly xml: string) {}

  readDocument(): PlistValue {
    const root = this.readTag();
    if (root.name !== 'plist' || root.kind !== 'open') throw new PlistSyntaxError('the document is not a <plist>');
    const value = this.readValue(this.readTag(), 0);
    this.expectClose('plist');
    return value;
  }

  private readValue(tag: Tag, depth: number): PlistValue {
    if (tag.kind === 'close') throw new PlistSyntaxError(`unexpected </${tag.name}>`);
    if (depth > MAX_DEPTH) throw new PlistSyntaxError(`nested deeper than ${MAX_DEPTH} levels`);
    const empty = tag.kind === 'empty';
    switch (tag.name) {
      case 'dict':
        return empty ? Object.create(null) : this.readDict(depth + 1);
      case 'array':
        return empty ? [] : this.readArray(depth + 1);
      case 'string':
        return empty ? '' : this.readText('string');
      case 'true':
      case 'false':
        if (!empty) this.expectClose(tag.name);
        return tag.name === 'true';
      case 'date':
        return parseDate(this.readText('date'));
      case 'data':
        return parseData(empty ? '' : this.readText('data'));
      case 'integer':
      case 'real':
        return parseNumber(this.readText(tag.name));
      default:
        throw new PlistSyntaxError(`unsupported element <${tag.name}>`);
    }
  }

  private readDict(depth: number): PlistDict {
    // No prototype, so a "__proto__" key is just a key.
    const dict: PlistDict = Object.create(null);
    for (;;) {
      const tag = this.readTag();
      if (tag.kind === 'close' && tag.name === 'dict') return dict;
      if (tag.name !== 'key' || tag.kind !== 'open') throw new PlistSyntaxError(`expected <key> in <dict>, found <${tag.name}>`);
      const key = this.readText('key');
      dict[key] = this.readValue(this.readTag(), depth);
    }
  }

  private readArray(depth: number): PlistValue[] {
    const items: PlistValue[] = [];
    for (;;) {
      const tag = this.readTag();
      if (tag.kind === 'close' && tag.name === 'array') return items;
      items.push(this.readValue(tag, depth));
    }
  }

  /** The text up to the closing tag `name`, entities decoded. */
  private readText(name: string): string {
    const end = this.xml.indexOf('<', this.pos);
    if (end < 0) throw new PlistSyntaxError(`<${name}> is not closed`);
    const raw = this.xml.slice(this.pos, end);
    this.pos = end;
    this.expectClose(name);
    return decodeEntities(raw);
  }

  private expectClose(name: string): void {
    const tag = this.readTag();
    if (tag.kind !== 'close' || tag.name !== name) throw new PlistSyntaxError(`expected </${name}>`);
  }

  private readTag(): Tag {
    this.skipMarkupWithoutContent();
    TAG.lastIndex = this.pos;
    const match = TAG.exec(this.xml);
    if (!match) throw new PlistSyntaxError(`expected an element at offset ${this.pos}`);
    this.pos = TAG.lastIndex;
    const [, slash, name, selfClosing] = match;
    return { name, kind: slash ? 'close' : selfClosing ? 'empty' : 'open' };
  }

  private skipMarkupWithoutContent(): void {
    for (;;) {
      SKIPPABLE.lastIndex = this.pos;
      if (!SKIPPABLE.exec(this.xml)) return;
      this.pos = SKIPPABLE.lastIndex;
    }
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return fromCodePoint(parseInt(entity.slice(1), 10));
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) throw new PlistSyntaxError(`unknown entity &${entity};`);
    return named;
  });
}

function fromCodePoint(codePoint: number): string {
  if (codePoint > 0x10ffff) throw new PlistSyntaxError(`bad character reference ${codePoint}`);
  return String.fromCodePoint(codePoint);
}

function parseDate(text: string): Date {
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed)) throw new PlistSyntaxError(`bad <date> "${trimmed}"`);
  const date = new Date(trimmed);
  if (Number.isNaN(date.getTime())) throw new PlistSyntaxError(`bad <date> "${trimmed}"`);
  return date;
}

// Base64 in <data> is wrapped and indented; Buffer.from would silently skip invalid characters, so check first.
function parseData(text: string): Buffer {
  const base64 = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new PlistSyntaxError('bad base64 in <data>');
  return Buffer.from(base64, 'base64');
}

function parseNumber(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || Number.isNaN(value)) throw new PlistSyntaxError(`bad number "${text.trim()}"`);
  return value;
}
