/**
 * Where a template reference points. `path` is the file path as written; `repository` is set for
 * `path@alias` references: the repository name that `resources.repositories[].name == alias`
 * declares (e.g. `pcg/stream-ci-template`), with its `ref`.
 */
export interface TemplateLocation {
  path: string;
  repository?: { name: string; ref?: string };
}

export interface TemplateSource {
  /** A display name for error messages, e.g. `templates/steps.yml` or `repoA:templates/step1.yml`. */
  file: string;
  content: string;
}

/**
 * The port the template engine reads templates through: a directory on disk, memory, and later
 * a code repository. A missing template is a YamlError TEMPLATE_NOT_FOUND; a path that leaves the
 * resolver's root is PATH_OUTSIDE_ROOT.
 */
export abstract class TemplateResolver {
  abstract read(location: TemplateLocation): Promise<TemplateSource>;
}
