import Ajv, { ValidateFunction } from 'ajv';
import { YamlError, YamlErrorCode, YamlLocation } from '../yaml-error';
import { ParsedYaml, parseYamlDocument, ParseYamlOptions, YamlPath } from './parse-yaml-document';
import { explainSchemaErrors } from './schema-issues';
import { V3_CI_SCHEMA } from './v3-schema/ci.schema';
import { detectVersion, PipelineYamlVersion } from './yaml-version';

/** A schema problem at a place in the file. */
export interface SchemaIssue {
  /** The JSON-schema keyword that failed (`required`, `additionalProperties`, `not`, `type`, …). */
  keyword: string;
  path: YamlPath;
  message: string;
  location: YamlLocation;
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  // strict: false because BK-CI's schema carries list keywords on string types, which strict mode rejects.
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(V3_CI_SCHEMA);
  return compiled;
}

/**
 * Every problem the v3.0 schema finds in a parsed document, in file order, each at the line and column
 * of the offending node (for an unknown or forbidden key: the key itself).
 */
export function validateV3Schema(parsed: ParsedYaml): SchemaIssue[] {
  const validate = validator();
  if (validate(parsed.data)) return [];
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const raw of explainSchemaErrors(validate.errors ?? [], V3_CI_SCHEMA, parsed.data)) {
    const location = parsed.locate(raw.path, raw.target);
    const key = `${location.line}:${location.column}:${raw.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ keyword: raw.keyword, path: raw.path, message: raw.message, location });
  }
  return issues.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
}

/** Throws YamlError SCHEMA for the first problem (saying how many more there are). */
export function assertV3Schema(parsed: ParsedYaml): void {
  const issues = validateV3Schema(parsed);
  if (issues.length === 0) return;
  throw schemaError(issues[0], issues.length - 1);
}

export function schemaError(issue: SchemaIssue, more = 0): YamlError {
  const suffix = more > 0 ? ` (and ${more} more schema problem${more === 1 ? '' : 's'})` : '';
  return new YamlError(YamlErrorCode.SCHEMA, `${issue.message}${suffix}`, issue.location);
}

export interface CheckedPipelineYaml {
  parsed: ParsedYaml;
  version: PipelineYamlVersion;
}

/**
 * What BK-CI's `CodeSchemaCheck.check` does for a PAC file: parse (SYNTAX, FILE_TOO_LARGE), require
 * `version: v3.0` (MISSING_VERSION, UNSUPPORTED_VERSION), validate against the v3.0 schema (SCHEMA).
 */
export function checkPipelineYaml(text: string, file: string, options: ParseYamlOptions = {}): CheckedPipelineYaml {
  const parsed = parseYamlDocument(text, file, options);
  const version = detectVersion(parsed, 'v3');
  assertV3Schema(parsed);
  return { parsed, version };
}

/**
 * Like checkPipelineYaml, but reports every schema problem instead of the first: an empty list when the
 * file is valid. A syntax or version problem stops the check, so it is the only error then.
 */
export function listPipelineYamlProblems(text: string, file: string, options: ParseYamlOptions = {}): YamlError[] {
  try {
    const parsed = parseYamlDocument(text, file, options);
    detectVersion(parsed, 'v3');
    return validateV3Schema(parsed).map((issue) => schemaError(issue));
  } catch (error) {
    if (error instanceof YamlError) return [error];
    throw error;
  }
}
