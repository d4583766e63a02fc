import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';
import { DomainError } from '../errors/domain-error';
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
    const result = await pipe.transform({ name: 'build', priority: '3', trigger: { branch: 'main', retries: '2' } }, body);

    expect(result).toBeInstanceOf(CreatePipelineDto);
    expect(result).toEqual({ name: 'build', priority: 3, trigger: { branch: 'main', retries: 2 } });
    expect(result.trigger).toBeInstanceOf(TriggerDto);
  });

  it('refuses an unknown field, naming it', async () => {
    const error = await refusal({ name: 'build', colour: 'red' });

    expect(error.code).toBe(CommonErrorCode.PARAMETER_INVALID);
    expect(error.code).toBe(2100004);
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain('colour');
    expect(error.data).toEqual([{ field: 'colour', problems: [expect.stringContaining('should not exist')] }]);
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

  it('names nested fields by their path, including unknown nested fields', async () => {
    const error = await refusal({ name: 'build', trigger: { branch: 7, retries: 0, cron: '* * * * *' } });
    const problems = error.data as FieldProblem[];

    expect(problems.map((problem) => problem.field).sort()).toEqual([
      'trigger.branch',
      'trigger.cron',
      'trigger.retries',
    ]);
    expect(problems.find((problem) => problem.field === 'trigger.retries')!.problems).toEqual([
      expect.stringContaining('retries must not be less than 1'),
    ]);
    expect(problems.find((problem) => problem.field === 'trigger.cron')!.problems).toEqual([
      expect.stringContaining('should not exist'),
    ]);
    expect(error.message).toContain('trigger.branch: ');
    expect(error.message).toContain('trigger.retries: ');
  });
});
