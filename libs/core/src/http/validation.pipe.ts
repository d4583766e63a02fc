import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, IS_OPTIONAL } from 'class-validator';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';

// class-transformer keeps each @Type() here (not exported from its index); @nestjs/mapped-types reads it the same way.
const { defaultMetadataStorage: typeMetadata } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

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
      value = withoutAbsentOptionals(value, metadata.metatype);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): InputValidationPipe {
  return new InputValidationPipe();
}

/**
 * `plain` without the optional fields of `dto` it gives as "" or null, and the same inside each
 * nested DTO (a field's `@Type()` names its class). Nested data that is not a DTO, such as a Model
 * held in an `@IsObject()` field, is left as it is.
 */
function withoutAbsentOptionals(plain: Record<string, unknown>, dto: object): Record<string, unknown> {
  const { optional } = rulesOf(dto);
  const kept = Object.entries(plain)
    .filter(([key, value]) => !((value === '' || value === null) && optional.has(key)))
    .map(([key, value]) => [key, nested(value, nestedDto(dto, key))]);
  // fromEntries defines each key, so a "__proto__" key stays an own key for the validation pipe to drop.
  return Object.fromEntries(kept);
}

function nested(value: unknown, dto: object | undefined): unknown {
  if (dto === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => nested(item, dto));
  return isPlainObject(value) ? withoutAbsentOptionals(value, dto) : value;
}

function nestedDto(dto: object, key: string): object | undefined {
  const type = typeMetadata.findTypeMetadata(dto as () => void, key)?.typeFunction();
  return type !== undefined && rulesOf(type).validated ? type : undefined;
}

interface ClassRules {
  validated: boolean;
  optional: Set<string>;
}

/** What class-validator knows of a class, read once per class (the lookup scans every rule of the app). */
const rulesCache = new WeakMap<object, ClassRules>();

function rulesOf(target: object): ClassRules {
  let rules = rulesCache.get(target);
  if (!rules) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(target as () => void, '', true, false);
    rules = {
      validated: metadatas.length > 0,
      optional: new Set(metadatas.filter((metadata) => metadata.name === IS_OPTIONAL).map((metadata) => metadata.propertyName)),
    };
    rulesCache.set(target, rules);
  }
  return rules;
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
