import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { CommonError, CommonErrorCode } from '../errors/common-error-code';

/**
 * A query parameter sent twice (`?templateId=a&templateId=b`) arrives as an array. Unless the
 * route declares that parameter as an array, that is a 400 naming it, before any code mistakes
 * the array for a string. Runs before validation, on named parameters (`@Query('templateId')`)
 * and on the fields of query DTOs alike; fields a DTO does not declare are left to validation.
 */
@Injectable()
export class SingleValueQueryPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query') return value;
    if (metadata.data !== undefined) {
      if (Array.isArray(value) && metadata.metatype !== Array) throw repeated(metadata.data);
      return value;
    }
    if (typeof value !== 'object' || value === null || !metadata.metatype) return value;
    for (const [name, given] of Object.entries(value)) {
      const declared: unknown = Reflect.getMetadata('design:type', metadata.metatype.prototype as object, name);
      if (Array.isArray(given) && declared !== undefined && declared !== Array) throw repeated(name);
    }
    return value;
  }
}

function repeated(name: string): CommonError {
  return new CommonError(CommonErrorCode.PARAMETER_INVALID, `Invalid request: query parameter ${name} is given more than once; give it once`, [
    { field: name, problems: [`${name} must be given once`] },
  ]);
}
