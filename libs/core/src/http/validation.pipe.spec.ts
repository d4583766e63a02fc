import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';
import { DomainError } from '../errors/domain-error';
import { ArrayBodyPipe } from './array-body.pipe';
import { ToBoolean } from './to-boolean';
import { createValidationPipe } from './validation.pipe';

class TriggerDto {
  @IsString()
  branch: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  retries: number;
}

class CreatePipelineDto {
  @IsString()
  @Length(1, 10)
  name: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  priority?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => TriggerDto)
  trigger?: TriggerDto;
}

interface FieldProblem {
  field: string;
  problems: string[];
}

const body: ArgumentMetadata = { type: 'body', metatype: CreatePipelineDto, data: '' };

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const accept = (value: unknown) => pipe.transform(value, body) as Promise<CreatePipelineDto>;

  async function refusal(value: unknown): Promise<CommonError> {
    try {
      await pipe.transform(value, body);
    } catch (error) {
      expect(error).toBeInstanceOf(CommonError);
      expect(error).toBeInstanceOf(DomainError);
      return error as CommonError;
    }
    throw new Error('expected the pipe to refuse the value');
  }

  it('returns a DTO instance with converted values for a valid body', async () => {
    const result = await accept({ name: 'build', priority: '3', trigger: { branch: 'main', retries: '2' } });

    expect(result).toBeInstanceOf(CreatePipelineDto);
    expect(result).toEqual({ name: 'build', priority: 3, trigger: { branch: 'main', retries: 2 } });
    expect(result.trigger).toBeInstanceOf(TriggerDto);
  });

  it('drops fields the DTO does not declare, at every level', async () => {
    const result = await accept({ name: 'build', colour: 'red', trigger: { branch: 'main', retries: 1, cron: '* * * * *' } });

    expect(result).toEqual({ name: 'build', trigger: { branch: 'main', retries: 1 } });
    expect(result.trigger).toBeInstanceOf(TriggerDto);
  });

  it('takes "" and null in an optional field as not given, before any conversion', async () => {
    const result = await accept({ name: 'build', priority: '', trigger: null });

    expect(result).toEqual({ name: 'build' });
    expect(result.priority).toBeUndefined();
    expect(result.trigger).toBeUndefined();
    const nested = await accept({ name: 'build', trigger: { branch: 'main', retries: 2, note: '' } });
    expect(nested.trigger).toEqual({ branch: 'main', retries: 2 });
  });

  it('still refuses "" and null in a required field, naming it', async () => {
    const empty = await refusal({ name: '' });
    expect(empty.code).toBe(CommonErrorCode.PARAMETER_INVALID);
    expect(empty.httpStatus).toBe(400);
    expect((empty.data as FieldProblem[]).map((problem) => problem.field)).toEqual(['name']);
    const missing = await refusal({ name: null });
    expect((missing.data as FieldProblem[]).map((problem) => problem.field)).toEqual(['name']);
    const nested = await refusal({ name: 'build', trigger: { branch: null, retries: '' } });
    expect((nested.data as FieldProblem[]).map((problem) => problem.field).sort()).toEqual(['trigger.branch', 'trigger.retries']);
  });

  it('keeps a "__proto__" key from reaching the prototype', async () => {
    const result = await accept(JSON.parse('{"name":"build","__proto__":{"polluted":true}}'));

    expect(result).toEqual({ name: 'build' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names each invalid field and what is wrong with it', async () => {
    const error = await refusal({ name: '', priority: 'high' });
    const problems = error.data as FieldProblem[];

    expect(error.code).toBe(2100004);
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(/^Invalid request: /);
    expect(error.message).toContain('name: ');
    expect(error.message).toContain('priority: ');
    expect(problems.map((problem) => problem.field).sort()).toEqual(['name', 'priority']);
    expect(problems.find((problem) => problem.field === 'name')!.problems).toEqual([
      expect.stringContaining('name must be longer than or equal to 1'),
    ]);
    expect(problems.find((problem) => problem.field === 'priority')!.problems).toEqual([
      expect.stringContaining('integer'),
    ]);
  });

  it('reports a missing required field', async () => {
    const error = await refusal({});

    expect((error.data as FieldProblem[]).map((problem) => problem.field)).toEqual(['name']);
  });

  it('names nested fields by their path', async () => {
    const error = await refusal({ name: 'build', trigger: { branch: 7, retries: 0, cron: '* * * * *' } });
    const problems = error.data as FieldProblem[];

    expect(problems.map((problem) => problem.field).sort()).toEqual(['trigger.branch', 'trigger.retries']);
    expect(problems.find((problem) => problem.field === 'trigger.retries')!.problems).toEqual([
      expect.stringContaining('retries must not be less than 1'),
    ]);
    expect(error.message).toContain('trigger.branch: ');
    expect(error.message).toContain('trigger.retries: ');
  });
});

class FlagsQuery {
  @IsOptional() @ToBoolean() @IsBoolean() storeFlag?: boolean;
  @ToBoolean() @IsBoolean() useTemplateSettings: boolean;
}

describe('ToBoolean', () => {
  const pipe = createValidationPipe();
  const query: ArgumentMetadata = { type: 'query', metatype: FlagsQuery, data: '' };

  it.each([
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['FALSE', false],
  ])('reads %s as %s', async (text, expected) => {
    expect(await pipe.transform({ storeFlag: text, useTemplateSettings: text }, query)).toEqual({ storeFlag: expected, useTemplateSettings: expected });
  });

  it('takes an empty optional flag as not given, and refuses anything else naming the field', async () => {
    expect(await pipe.transform({ storeFlag: '', useTemplateSettings: 'false' }, query)).toEqual({ useTemplateSettings: false });
    const error = await pipe.transform({ storeFlag: 'yes', useTemplateSettings: '' }, query).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommonError);
    expect(((error as CommonError).data as FieldProblem[]).map((problem) => problem.field).sort()).toEqual(['storeFlag', 'useTemplateSettings']);
  });
});

describe('ArrayBodyPipe', () => {
  const pipe = new ArrayBodyPipe(TriggerDto);

  it('validates each item with the same rules, naming problems by index', async () => {
    expect(await pipe.transform([{ branch: 'main', retries: 1, extra: 'x' }])).toEqual([{ branch: 'main', retries: 1 }]);
    const error = await pipe.transform([{ branch: 'main', retries: 1 }, { branch: 3, retries: 1 }, 'text']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommonError);
    expect((error as CommonError).httpStatus).toBe(400);
    expect(((error as CommonError).data as FieldProblem[]).map((problem) => problem.field)).toEqual(['[1].branch', '[2]']);
    const notArray = await pipe.transform({ branch: 'main' }).catch((caught: unknown) => caught);
    expect(((notArray as CommonError).data as FieldProblem[])[0].field).toBe('(body)');
  });
});
