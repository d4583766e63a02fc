/**
 * InnoDB FULLTEXT matches whole words of at least `innodb_ft_min_token_size` (3 by default)
 * characters that are not stopwords, while search promises substrings. So only words of the query
 * that must appear whole in every matching message narrow the search: a word with a separator on
 * both sides inside the query, and the last word as a prefix (`word*`) when a separator precedes it.
 * The first word may be the end of a longer one and is never used. Words are ASCII letters and
 * digits; anything that InnoDB might read as part of a word (`_`, `'`, non-ASCII) is not a separator.
 * The SQL adapter still confirms every candidate with LIKE, and falls back to LIKE alone when the
 * index finds nothing (a server with a larger minimum token size or other stopwords).
 */
const MIN_TOKEN = 3;
const SEPARATOR = /[\s!"#$%&()*+,\-./:;<=>?@[\\\]^`{|}~]/;
/** InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD). */
const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '),
);

/** The terms of a BOOLEAN MODE query every message containing `text` matches, or [] when none can be trusted. */
export function fulltextTerms(text: string): string[] {
  const terms: string[] = [];
  const words = [...text.matchAll(/[A-Za-z0-9]+/g)];
  for (const word of words) {
    const start = word.index;
    const end = start + word[0].length;
    const separatedBefore = start > 0 && SEPARATOR.test(text[start - 1]);
    const separatedAfter = end < text.length && SEPARATOR.test(text[end]);
    const value = word[0].toLowerCase();
    if (value.length < MIN_TOKEN || STOPWORDS.has(value) || !separatedBefore) continue;
    if (separatedAfter) terms.push(`+${value}`);
    else if (end === text.length) terms.push(`+${value}*`);
  }
  return terms;
}
