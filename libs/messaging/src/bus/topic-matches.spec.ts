import { topicMatches } from './event-bus';

describe('topicMatches', () => {
  it.each([
    // `*` is exactly one word
    ['a.*', 'a.b', true],
    ['a.*', 'a.b.c', false],
    ['a.*', 'a', false],
    ['a.*', 'b.a', false],
    ['*.b', 'a.b', true],
    ['*.b', 'x.b', true],
    ['*.b', 'b', false],
    ['*.b', 'a.c', false],
    ['*.b', 'a.a.b', false],
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.c', false],
    ['a.*.c', 'a.b.b.c', false],
    // `#` is zero or more words
    ['a.#', 'a', true],
    ['a.#', 'a.b', true],
    ['a.#', 'a.b.c', true],
    ['a.#', 'b', false],
    ['a.#', 'b.a.c', false],
    ['a.#', 'ab', false],
    ['#', 'a', true],
    ['#', 'a.b.c', true],
    ['#', 'pipeline.build.finished', true],
    ['#.c', 'c', true],
    ['#.c', 'a.b.c', true],
    ['#.c', 'a.b.d', false],
    ['a.#.c', 'a.c', true],
    ['a.#.c', 'a.x.y.c', true],
    ['a.#.c', 'a.x.y', false],
    ['#.b.#', 'a.b.c', true],
    ['#.b.#', 'b', true],
    ['#.b.#', 'a.c', false],
    // words are compared whole
    ['pipeline.build.finished', 'pipeline.build.finished', true],
    ['pipeline.build.finished', 'pipeline.build', false],
    ['pipeline.build.finished', 'pipeline.build.finished.x', false],
    ['pipeline.build', 'pipeline.builds', false],
    ['a', 'ab', false],
    ['a.b', 'a.B', false],
  ])('%s vs %s → %s', (pattern, routingKey, expected) => {
    expect(topicMatches(pattern, routingKey)).toBe(expected);
  });
});
