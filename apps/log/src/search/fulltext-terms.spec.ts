import { fulltextTerms } from './fulltext-terms';

describe('fulltextTerms', () => {
  it('uses the words that appear whole, and the last one as a prefix', () => {
    expect(fulltextTerms('npm ERR! missing script: build')).toEqual(['+err', '+missing', '+script', '+build*']);
  });

  it('never uses the first word, which may end a longer one', () => {
    expect(fulltextTerms('rror')).toEqual([]);
    expect(fulltextTerms('timeout')).toEqual([]);
  });

  it('skips short words, stopwords and words glued to characters InnoDB may keep in a word', () => {
    expect(fulltextTerms('x at the go_build ok done')).toEqual(['+done*']);
    expect(fulltextTerms("x don't stop")).toEqual(['+stop*']);
    expect(fulltextTerms('x ü-build')).toEqual(['+build*']);
  });

  it('does not use a last word that is glued to a non-separator', () => {
    expect(fulltextTerms('x build_')).toEqual([]);
  });
});
