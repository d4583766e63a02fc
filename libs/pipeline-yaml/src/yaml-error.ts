import { DomainError } from '@bkci/core';

/** Module 01 (process), range 8xx: pipeline YAML. Stable: clients and the CLI report them. */
export enum YamlErrorCode {
  SYNTAX = 2101801,
  MISSING_VERSION = 2101802,
  UNSUPPORTED_VERSION = 2101803,
  SCHEMA = 2101804,
  TEMPLATE_NOT_FOUND = 2101805,
  TEMPLATE_CYCLE = 2101806,
  TEMPLATE_TOO_DEEP = 2101807,
  TOO_MANY_TEMPLATES = 2101808,
  FILE_TOO_LARGE = 2101809,
  PATH_OUTSIDE_ROOT = 2101810,
  REPOSITORY_NOT_FOUND = 2101811,
  PARAMETER_INVALID = 2101812,
  VARIABLE_INVALID = 2101813,
  EXPRESSION_INVALID = 2101814,
  DUPLICATE_ID = 2101815,
  FORMAT = 2101816,
  MODEL_INVALID = 2101817,
  /** Too many aliases in one file, or aliases that would expand to too many nodes. */
  ALIAS_LIMIT = 2101818,
  /** The conversion ran past the server's time (or memory) budget and was stopped. */
  TOO_EXPENSIVE = 2101819,
}

/** Where in which file a YAML problem is; line and column are 1-based. */
export interface YamlLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * The only error the YAML engine throws on bad input. The message says what to fix; the
 * location (when known) says where, as `file:line:column`.
 */
export class YamlError extends DomainError {
  constructor(
    code: YamlErrorCode,
    /** The message without the location. */
    readonly reason: string,
    readonly location: YamlLocation | null = null,
  ) {
    super(code, 400, location ? `${formatLocation(location)}: ${reason}` : reason, location);
    this.name = 'YamlError';
  }

  /** The same error placed at `location`. */
  at(location: YamlLocation): YamlError {
    return new YamlError(this.code as YamlErrorCode, this.reason, location);
  }
}

export function formatLocation({ file, line, column }: YamlLocation): string {
  return [file, line, column].filter((part) => part !== undefined).join(':');
}
