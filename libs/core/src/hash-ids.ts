/**
 * Hashids (hashids.org, the algorithm BK-CI's HashUtil uses through the Java port): a reversible
 * encoding of a non-negative integer as a short string. BK-CI shows `envHashId`, `nodeHashId` and
 * agent ids this way (salt `jhy^3(@So0`, min length 8, lowercase alphabet), so ids keep their
 * BK-CI form on the wire and decode back to the row id without a lookup.
 */
export class HashIds {
  private readonly alphabet: string;
  private readonly seps: string;
  private readonly guards: string;

  constructor(
    private readonly salt: string,
    private readonly minLength: number,
    alphabet: string,
  ) {
    let chars = [...new Set(alphabet)].join('');
    let seps = [...'cfhistuCFHISTU'].filter((c) => chars.includes(c)).join('');
    chars = [...chars].filter((c) => !seps.includes(c)).join('');
    seps = shuffle(seps, salt);
    if (seps.length === 0 || chars.length / seps.length > SEP_DIV) {
      let sepsLength = Math.ceil(chars.length / SEP_DIV);
      if (sepsLength === 1) sepsLength++;
      if (sepsLength > seps.length) {
        const diff = sepsLength - seps.length;
        seps += chars.slice(0, diff);
        chars = chars.slice(diff);
      } else {
        seps = seps.slice(0, sepsLength);
      }
    }
    chars = shuffle(chars, salt);
    const guardCount = Math.ceil(chars.length / GUARD_DIV);
    if (chars.length < 3) {
      this.guards = seps.slice(0, guardCount);
      seps = seps.slice(guardCount);
    } else {
      this.guards = chars.slice(0, guardCount);
      chars = chars.slice(guardCount);
    }
    this.alphabet = chars;
    this.seps = seps;
  }

  encode(id: number): string {
    if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`Hashids encode only non-negative integers, not ${id}`);
    let alphabet = this.alphabet;
    const numbersHash = id % 100;
    const lottery = alphabet[numbersHash % alphabet.length];
    alphabet = shuffle(alphabet, (lottery + this.salt + alphabet).slice(0, alphabet.length));
    let result = lottery + toAlphabet(id, alphabet);
    if (result.length < this.minLength) {
      result = this.guards[(numbersHash + result.charCodeAt(0)) % this.guards.length] + result;
      if (result.length < this.minLength) result += this.guards[(numbersHash + result.charCodeAt(2)) % this.guards.length];
    }
    const half = Math.floor(alphabet.length / 2);
    while (result.length < this.minLength) {
      alphabet = shuffle(alphabet, alphabet);
      result = alphabet.slice(half) + result + alphabet.slice(0, half);
      const excess = result.length - this.minLength;
      if (excess > 0) result = result.slice(Math.floor(excess / 2), Math.floor(excess / 2) + this.minLength);
    }
    return result;
  }

  /** The id `hash` encodes, or null when it is not one this instance made (as BK-CI, which then finds nothing). */
  decode(hash: string): number | null {
    if (typeof hash !== 'string' || hash === '') return null;
    const parts = hash.split(new RegExp(`[${escapeClass(this.guards)}]`));
    const body = parts[parts.length === 2 || parts.length === 3 ? 1 : 0];
    if (!body) return null;
    const lottery = body[0];
    const rest = body.slice(1);
    if (rest === '' || new RegExp(`[${escapeClass(this.seps)}]`).test(rest)) return null;
    const alphabet = shuffle(this.alphabet, (lottery + this.salt + this.alphabet).slice(0, this.alphabet.length));
    let id = 0;
    for (const char of rest) {
      const position = alphabet.indexOf(char);
      if (position < 0) return null;
      id = id * alphabet.length + position;
    }
    return Number.isSafeInteger(id) && this.encode(id) === hash ? id : null;
  }
}

const SEP_DIV = 3.5;
const GUARD_DIV = 12;

/** BK-CI's HashUtil instance for env, node and agent ids. */
export const BKCI_HASH_IDS = new HashIds('jhy^3(@So0', 8, 'abcdefghijklmnopqrstuvwxyz');

function shuffle(alphabet: string, salt: string): string {
  if (salt.length === 0) return alphabet;
  const chars = [...alphabet];
  for (let i = chars.length - 1, v = 0, p = 0; i > 0; i--, v++) {
    v %= salt.length;
    const integer = salt.charCodeAt(v);
    p += integer;
    const j = (integer + v + p) % i;
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function toAlphabet(input: number, alphabet: string): string {
  let id = '';
  do {
    id = alphabet[input % alphabet.length] + id;
    input = Math.floor(input / alphabet.length);
  } while (input > 0);
  return id;
}

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}
