import { diffJson } from './template-diff';

describe('diffJson', () => {
  it('reports changed, added and removed keys with their paths', () => {
    expect(diffJson({ a: 1, b: { c: 'x' }, gone: true }, { a: 2, b: { c: 'x', d: [] } })).toEqual([
      { path: 'a', kind: 'changed', before: 1, after: 2 },
      { path: 'b.d', kind: 'added', after: [] },
      { path: 'gone', kind: 'removed', before: true },
    ]);
  });

  it('pairs id-carrying list items by id, so an insertion is one change', () => {
    const before = { elements: [{ id: 'e1', script: 'a' }, { id: 'e2', script: 'b' }] };
    const after = { elements: [{ id: 'e0', script: 'new' }, { id: 'e1', script: 'a' }, { id: 'e2', script: 'B' }] };
    expect(diffJson(before, after)).toEqual([
      { path: 'elements[0]', kind: 'added', after: { id: 'e0', script: 'new' } },
      { path: 'elements[2].script', kind: 'changed', before: 'b', after: 'B' },
    ]);
  });

  it('compares other lists by position', () => {
    expect(diffJson([1, 2, 3], [1, 5])).toEqual([
      { path: '[1]', kind: 'changed', before: 2, after: 5 },
      { path: '[2]', kind: 'removed', before: 3 },
    ]);
  });

  it('finds nothing between equal documents, and a type change at the top', () => {
    expect(diffJson({ a: [{ id: 'x', b: null }] }, { a: [{ id: 'x', b: null }] })).toEqual([]);
    expect(diffJson({ a: 1 }, [1])).toEqual([{ path: '', kind: 'changed', before: { a: 1 }, after: [1] }]);
  });
});
