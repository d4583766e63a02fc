import { CommonError } from '@bkci/core';
import type { Request, Response } from 'express';
import { MAX_JSON_DEPTH, rejectDeepJson } from './request-limits';

/** What rejectDeepJson passes to next() for a body: undefined when it lets it through. */
function verdict(body: unknown): unknown {
  let passed: unknown = 'next was not called';
  rejectDeepJson({ body } as Request, {} as Response, (error?: unknown) => (passed = error));
  return passed;
}

const arrays = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const objects = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

describe('rejectDeepJson', () => {
  it.each([
    ['arrays', arrays],
    ['objects', objects],
  ])('accepts %s nested up to the limit and refuses one level more', (_kind, nest) => {
    expect(verdict(nest(MAX_JSON_DEPTH))).toBeUndefined();
    const refused = verdict(nest(MAX_JSON_DEPTH + 1));
    expect(refused).toBeInstanceOf(CommonError);
    expect(refused).toMatchObject({ code: 2100004, httpStatus: 400, message: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects` });
  });

  it('walks 100,000 levels without overflowing its own stack', () => {
    expect(verdict(arrays(100_000))).toBeInstanceOf(CommonError);
  });

  it('lets through bodies that are not objects, and wide flat ones', () => {
    for (const body of [undefined, null, 'text', 7, {}, []]) expect(verdict(body)).toBeUndefined();
    expect(verdict({ list: Array.from({ length: 10_000 }, (_, index) => ({ index })) })).toBeUndefined();
  });
});
