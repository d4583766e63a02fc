import { escapeJava, kotlinToString, toPrettyJson } from '@bkci/expressions';
import type { ParameterDeclaration } from './parameter-declaration';
import { isIfLine, readLines } from './parameters-expression';

/**
 * The legacy parameter substitution (BK-CI useOldParametersExpression, TemplateYamlUtil
 * .parseTemplateParametersOld): plain text replacement of `${{ parameters.x }}`. Arrays replace a
 * whole quoted value with (pretty) JSON; everything else is inserted as escaped text; `if:` lines
 * are re-tokenised by BK-CI's old lexer and their `parameters.x` words replaced bare. Parameters
 * without a value are left as written.
 */
export function substituteLegacyParameters(file: string, text: string, declarations: ParameterDeclaration[]): string {
  const withValue = declarations.filter((p) => p.default !== null && p.default !== undefined);
  const arrays = new Map(withValue.filter((p) => p.type === 'array').map((p) => [`parameters.${p.name}`, p.default]));
  const strings = new Map(withValue.map((p) => [`parameters.${p.name}`, kotlinToString(p.default)]));
  void file;
  if (text.trim() === '') return '';
  const replacedArrays = replaceBlocks(text, /"\$\{\{([^{}]+?)}}"/g, arrays);
  if (replacedArrays.trim() === '') return '';
  const replacedStrings = replaceBlocks(replacedArrays, /\$\{\{([^{}]+?)}}/g, strings);
  return replaceIfLines(replacedStrings, strings);
}

/** Every distinct match of the ORIGINAL text is replaced everywhere (Kotlin String.replace). */
function replaceBlocks(text: string, pattern: RegExp, values: Map<string, unknown>): string {
  let result = text;
  for (const match of text.matchAll(pattern)) {
    const key = match[1].trim();
    if (!values.has(key)) continue;
    const value = values.get(key);
    const replacement = Array.isArray(value) ? toPrettyJson(value) : escapeJava(kotlinToString(value));
    result = replaceAllIndented(result, match[0], replacement);
  }
  return result;
}

/**
 * Replaces every occurrence; continuation lines of a multi-line replacement (pretty JSON) are
 * indented below their line so the YAML flow collection stays inside its block.
 */
function replaceAllIndented(text: string, search: string, replacement: string): string {
  if (!replacement.includes('\n')) return text.split(search).join(replacement);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(search, from); at >= 0; at = text.indexOf(search, from)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const indent = /^[ \t-]*/.exec(text.slice(lineStart, at))![0].length + 2;
    out += text.slice(from, at) + replacement.split('\n').join(`\n${' '.repeat(indent)}`);
    from = at + search.length;
  }
  return out + text.slice(from);
}

function replaceIfLines(text: string, values: Map<string, string>): string {
  const out: string[] = [];
  for (const line of readLines(text)) {
    if (!isIfLine(line)) {
      out.push(line);
      continue;
    }
    const prefix = line.slice(0, line.indexOf(':') + 1);
    let condition = line.slice(line.indexOf('"') + 1).trimEnd();
    if (condition.endsWith('"')) condition = condition.slice(0, -1);
    const bald = condition.split('${{').join('').split('}}').join('').trim();
    const words = legacyLex(bald).map((word) => {
      if (word.symbol !== 'ident' || !word.text.startsWith('parameters.')) return word.text;
      return escapeJava(values.get(word.text) ?? word.text);
    });
    out.push(`${prefix} "${words.join(' ')}"`);
  }
  return out.map((line) => `${line}\n`).join('');
}

interface Word {
  text: string;
  symbol: string;
}

const WORD_CHARS = new Set(['.', "'", '[', ']', '_', '-', '+', '*', '/', ',']);

function isWordChar(ch: string): boolean {
  return /[A-Za-z0-9]/.test(ch) || WORD_CHARS.has(ch);
}

/** BK-CI's old condition lexer (common-api expression.Lex), quirks included. */
export function legacyLex(source: string): Word[] {
  const words: Word[] = [];
  let token = '';
  let pos = 0;
  let lastWasEnd = false;
  let state = 0;
  let syn = -1;
  const next = (): string | null => {
    if (pos < source.length) {
      lastWasEnd = false;
      return source[pos++];
    }
    lastWasEnd = true;
    return null;
  };
  // Stepping back over the end would re-read the last character forever; BK-CI loops there.
  const back = () => {
    if (!lastWasEnd) pos -= 1;
  };
  const twoChar = (ch: string, second: string, one: number, two: number): string | null => {
    token += ch;
    const c = next();
    if (c === second) {
      token += c;
      syn = two;
    } else {
      back();
      syn = one;
    }
    state = 100;
    return c;
  };

  let ch = next();
  while (ch !== null) {
    while (state !== 100) {
      if (state === 0) {
        if ('<>=!'.includes(ch!) && ch !== null) state = 1;
        else if (ch === '(' || ch === ')') state = 2;
        else if (ch === '&' || ch === '|') state = 3;
        else if (ch !== null && isWordChar(ch)) state = 40;
        else if (ch === ' ' || ch === '\t' || ch === '\n') state = 100;
        else state = 99;
      } else if (state === 1) {
        const codes: Record<string, [number, number]> = { '<': [12, 23], '>': [13, 24], '=': [14, 25], '!': [15, 26] };
        const [one, two] = codes[ch!];
        twoChar(ch!, '=', one, two);
      } else if (state === 2) {
        token += ch;
        state = 100;
        syn = ch === '(' ? 19 : 20;
      } else if (state === 3) {
        const first = ch!;
        token += first;
        ch = next();
        if (ch === first) {
          token += ch;
          ch = next();
          state = 100;
          syn = first === '&' ? 21 : 22;
        } else {
          state = 99;
        }
      } else if (state === 40) {
        token += ch;
        ch = next();
        if (ch !== null && isWordChar(ch)) continue;
        if (ch !== null) back();
        state = 100;
        syn = 27;
      } else {
        ch = next();
        if (ch === null) {
          syn = 27;
        } else {
          while (ch !== ' ') {
            ch = next();
            if (ch === null) break;
          }
          back();
          syn = -1;
        }
        state = 100;
      }
    }
    if (syn !== -1) {
      words.push({ text: token, symbol: syn === 27 ? 'ident' : token });
      token = '';
      syn = -1;
    }
    state = 0;
    ch = next();
  }
  return words;
}
