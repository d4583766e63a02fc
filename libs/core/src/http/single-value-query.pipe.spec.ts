import { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { CommonError } from '../errors/common-error-code';
import { SingleValueQueryPipe } from './single-value-query.pipe';

class ListQuery {
  @IsOptional() @IsString() keyword?: string;
  @IsOptional() @IsString({ each: true }) types?: string[];
}

const named = (data: string, metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', data, metatype });
const dto: ArgumentMetadata = { type: 'query', metatype: ListQuery };

describe('SingleValueQueryPipe', () => {
  const pipe = new SingleValueQueryPipe();

  function refusal(value: unknown, metadata: ArgumentMetadata): CommonError {
    try {
      pipe.transform(value, metadata);
    } catch (error) {
      expect(error).toBeInstanceOf(CommonError);
      return error as CommonError;
    }
    throw new Error('expected the pipe to refuse the value');
  }

  it('refuses a named parameter given twice, naming it', () => {
    const error = refusal(['a', 'b'], named('templateId', String));

    expect(error.code).toBe(2100004);
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain('templateId');
    expect(error.data).toEqual([{ field: 'templateId', problems: ['templateId must be given once'] }]);
    expect(refusal(['1', '2'], named('version', Number)).message).toContain('version');
  });

  it('refuses a single-valued field of a query DTO given twice, naming it', () => {
    expect(refusal({ keyword: ['a', 'b'] }, dto).message).toContain('keyword');
  });

  it('lets through single values, parameters declared as arrays, and fields the DTO does not declare', () => {
    expect(pipe.transform('a', named('templateId', String))).toBe('a');
    expect(pipe.transform(['a', 'b'], named('ids', Array))).toEqual(['a', 'b']);
    const query = { keyword: 'a', types: ['x', 'y'], unknown: ['p', 'q'] };
    expect(pipe.transform(query, dto)).toBe(query);
  });

  it('leaves bodies and path parameters alone', () => {
    const body = { keyword: ['a', 'b'] };
    expect(pipe.transform(body, { type: 'body', metatype: ListQuery })).toBe(body);
    expect(pipe.transform(['a'], { type: 'param', data: 'id', metatype: String })).toEqual(['a']);
  });
});
