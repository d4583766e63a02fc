import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IS_OPTIONAL } from 'class-validator';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';

/** One field of a refused request and what is wrong with it (the `data` of the 400). */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** The 400 every app answers for invalid input: the message and `data` name each field. */
export function invalidRequest(problems: FieldProblem[]): CommonError {
  return new CommonError(
    CommonErrorCode.PARAMETER_INVALID,
    `Invalid request: ${problems.map((p) => `${p.field}: ${p.problems.join(', ')}`).join('; ')}`,
    problems,
  );
}

/**
 * DTO validation for every app, liberal in what it accepts as BK-CI's clients expect (see
 * docs/conventions.md): fields the DTO does not declare are dropped at every level, and `""` or
 * `null` in a field marked `@IsOptional()` means the field was not given. Everything else is
 * strict: a wrong type, a missing required field or a value out of range is a 400 naming the field.
 */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, transform: true, exceptionFactory: (errors) => invalidRequest(flatten(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // The absent optionals go before the DTO's own transforms run, so that "" never becomes 0 or false.
    if (metadata.metatype && this.toValidate(metadata) && isPlainObject(value)) {
      value = withoutAbsentOptionals(value, plainToInstance(metadata.metatype, value));
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): InputValidationPipe {
  return new InputValidationPipe();
}

/**
 * `plain` without the optional fields it gives as "" or null. `shape` is `plain` turned into its
 * DTO, which tells the class of every nested DTO (an object whose class declares no validation,
 * such as a Model held in an `@IsObject()` field, is data and is left as it is).
 */
function withoutAbsentOptionals(plain: Record<string, unknown>, shape: unknown): Record<string, unknown> {
  const optional = optionalProperties((shape as object).constructor);
  const kept = Object.entries(plain)
    .filter(([key, value]) => !((value === '' || value === null) && optional.has(key)))
    .map(([key, value]) => [key, nested(value, (shape as Record<string, unknown>)[key])]);
  // fromEntries defines each key, so a "__proto__" key stays an own key for the validation pipe to drop.
  return Object.fromEntries(kept);
}

function nested(value: unknown, shape: unknown): unknown {
  if (Array.isArray(value) && Array.isArray(shape) && value.length === shape.length) {
    return value.map((item, index) => nested(item, shape[index]));
  }
  if (isPlainObject(value) && isDto(shape)) return withoutAbsentOptionals(value, shape);
  return value;
}

const optionalCache = new WeakMap<object, Set<string>>();

function optionalProperties(target: object): Set<string> {
  let optional = optionalCache.get(target);
  if (!optional) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(target as () => void, '', true, false);
    optional = new Set(metadatas.filter((metadata) => metadata.name === IS_OPTIONAL).map((metadata) => metadata.propertyName));
    optionalCache.set(target, optional);
  }
  return optional;
}

function isDto(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || value.constructor === Object || Array.isArray(value)) return false;
  return getMetadataStorage().getTargetValidationMetadatas(value.constructor, '', true, false).length > 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
