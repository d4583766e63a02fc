import { CommonError, CommonErrorCode } from '@bkci/core';
import type { NextFunction, Request, Response } from 'express';

/** The largest request body an app parses and the gateway lets through: far above any real pipeline model. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The deepest nesting of arrays and objects a JSON body may have. A pipeline model nests about
 * 10 levels; validation recurses per level and overflows the stack somewhere past 1,000.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Refuses a parsed JSON body nested deeper than MAX_JSON_DEPTH, before validation or anything
 * else recurses into it. The walk is iterative, so it cannot overflow itself.
 */
export function rejectDeepJson(request: Request, _response: Response, next: NextFunction): void {
  const pending: Array<[unknown, number]> = [[request.body, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return next(new CommonError(CommonErrorCode.PARAMETER_INVALID, `The request body is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`));
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  next();
}
