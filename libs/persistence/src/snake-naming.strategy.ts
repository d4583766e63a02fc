import { DefaultNamingStrategy } from 'typeorm';

/** Entities use camelCase properties; tables and columns are snake_case, as migrations write them. */
export class SnakeNamingStrategy extends DefaultNamingStrategy {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? toSnakeCase([...prefixes, propertyName].join('_'));
  }
}

export function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
