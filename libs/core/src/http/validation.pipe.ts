import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';

/**
 * DTO validation for every app: unknown fields are refused (a typo must not be silently ignored),
 * and the error names each field and what is wrong with it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new CommonError(
        CommonErrorCode.PARAMETER_INVALID,
        `Invalid request: ${problems.map((p) => `${p.field}: ${p.problems.join(', ')}`).join('; ')}`,
        problems,
      );
    },
  });
}

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
