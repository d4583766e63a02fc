import { PipeTransform, Type } from '@nestjs/common';
import { CommonError } from '../errors/common-error-code';
import { FieldProblem, InputValidationPipe, invalidRequest } from './validation.pipe';

/**
 * A body that is a JSON array of DTOs (BK-CI's V1 instance calls): each item is validated as a body
 * of its own, with the same rules, and a problem is named by its index (`[1].pipelineName`).
 */
export class ArrayBodyPipe<T> implements PipeTransform<unknown, Promise<T[]>> {
  private readonly items = new InputValidationPipe();

  constructor(private readonly itemType: Type<T>) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw invalidRequest([{ field: '(body)', problems: ['must be a JSON array'] }]);
    const problems: FieldProblem[] = [];
    const result: T[] = [];
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push({ field: `[${index}]`, problems: ['must be an object'] });
        continue;
      }
      try {
        result.push((await this.items.transform(item, { type: 'body', metatype: this.itemType, data: '' })) as T);
      } catch (error) {
        if (!(error instanceof CommonError)) throw error;
        problems.push(...(error.data as FieldProblem[]).map((problem) => ({ ...problem, field: `[${index}].${problem.field}` })));
      }
    }
    if (problems.length > 0) throw invalidRequest(problems);
    return result;
  }
}
