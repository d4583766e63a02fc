// page.ts decorates PageQueryDto with class-transformer, which needs the Reflect metadata API
// (the apps load it at their entry point).
import 'reflect-metadata';
import { DEFAULT_PAGE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, resolvePaging, toPage } from './page';

describe('resolvePaging', () => {
  it('defaults to the first page of 10, as BK-CI does', () => {
    expect([DEFAULT_PAGE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE]).toEqual([1, 10, 100]);
    expect(resolvePaging()).toEqual({ page: 1, pageSize: 10, offset: 0 });
    expect(resolvePaging({})).toEqual({ page: 1, pageSize: 10, offset: 0 });
  });

  it.each([0, -1, -100])('turns page %d into the first page', (page) => {
    expect(resolvePaging({ page, pageSize: 20 })).toEqual({ page: 1, pageSize: 20, offset: 0 });
  });

  it.each([0, -5])('uses the default size for pageSize %d', (pageSize) => {
    expect(resolvePaging({ page: 2, pageSize })).toEqual({ page: 2, pageSize: 10, offset: 10 });
  });

  it('caps pageSize at 100', () => {
    expect(resolvePaging({ pageSize: 100 }).pageSize).toBe(100);
    expect(resolvePaging({ pageSize: 101 }).pageSize).toBe(100);
    expect(resolvePaging({ page: 3, pageSize: 5000 })).toEqual({ page: 3, pageSize: 100, offset: 200 });
  });

  it('computes the offset from page and size', () => {
    expect(resolvePaging({ page: 1, pageSize: 20 }).offset).toBe(0);
    expect(resolvePaging({ page: 3, pageSize: 20 }).offset).toBe(40);
    expect(resolvePaging({ page: 7 }).offset).toBe(60);
  });
});

describe('toPage', () => {
  const paging = { page: 2, pageSize: 10, offset: 10 };

  it('carries the records, count and paging', () => {
    expect(toPage(['k', 'l'], 12, paging)).toEqual({ count: 12, page: 2, pageSize: 10, totalPages: 2, records: ['k', 'l'] });
  });

  it.each([
    [0, 0],
    [1, 1],
    [9, 1],
    [10, 1],
    [11, 2],
    [20, 2],
    [21, 3],
    [100, 10],
  ])('counts %d records as %d pages of 10', (count, totalPages) => {
    expect(toPage([], count, paging).totalPages).toBe(totalPages);
  });

  it('rounds up with other page sizes too', () => {
    expect(toPage([], 101, resolvePaging({ pageSize: 25 })).totalPages).toBe(5);
    expect(toPage([], 7, resolvePaging({ pageSize: 3 })).totalPages).toBe(3);
  });
});
