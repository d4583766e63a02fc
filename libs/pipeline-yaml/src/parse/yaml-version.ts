import { YamlError, YamlErrorCode } from '../yaml-error';
import { ParsedYaml } from './parse-yaml-document';

/** The two PAC YAML dialects BK-CI knows (`YamlVersion`). */
export type PipelineYamlVersion = 'v2.0' | 'v3.0';
export const SUPPORTED_YAML_VERSIONS: readonly PipelineYamlVersion[] = ['v2.0', 'v3.0'];

/**
 * Who asks, which decides what a missing `version:` means:
 * - `v3`: the PAC transfer and schema check (`CodeSchemaCheck`), which accept `v3.0` only, so a missing
 *   version is MISSING_VERSION and `v2.0` is UNSUPPORTED_VERSION;
 * - `any`: the template engine's document parser, whose Jackson subtype mapping falls back to the v2
 *   parser when `version` is absent (`defaultImpl = PreTemplateScriptBuildYamlParser`).
 */
export type VersionContext = 'v3' | 'any';

export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `version:` from a parsed document. Errors point at the `version` value (or the document start
 * when it is missing). A document that is not a mapping is FORMAT; an empty one too.
 */
export function detectVersion(parsed: ParsedYaml, context: VersionContext = 'any'): PipelineYamlVersion {
  const { data } = parsed;
  if (data === null || data === undefined) {
    throw new YamlError(YamlErrorCode.FORMAT, 'The document is empty; a pipeline YAML is a mapping that starts with version: v3.0', parsed.locate([]));
  }
  if (!isPlainMapping(data)) {
    const kind = Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    throw new YamlError(YamlErrorCode.FORMAT, `A pipeline YAML must be a mapping of keys, not ${kind}`, parsed.locate([]));
  }
  const raw = data.version;
  if (raw === undefined || raw === null || raw === '') {
    if (context === 'any') return 'v2.0';
    throw new YamlError(
      YamlErrorCode.MISSING_VERSION,
      'yaml version(null) not valid, only support v3.0: add `version: v3.0` at the top of the file',
      parsed.locate(['version']),
    );
  }
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const accepted: readonly string[] = context === 'v3' ? ['v3.0'] : SUPPORTED_YAML_VERSIONS;
  if (typeof raw !== 'string' || !accepted.includes(raw)) {
    throw new YamlError(
      YamlErrorCode.UNSUPPORTED_VERSION,
      `yaml version(${text}) not valid, only support ${accepted.join(' or ')}`,
      parsed.locate(['version']),
    );
  }
  return raw as PipelineYamlVersion;
}
