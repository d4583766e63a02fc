import type { TemplateLimits, TemplateResolver } from '@bkci/pipeline-yaml';

/**
 * The parts of `@bkci/pipeline-yaml` the CLI drives beyond parsing and checking: the v2.0 template
 * expansion (`v2/`) and the YAML ↔ Model transfer (`transfer/`), by these names and shapes.
 */
export interface YamlEngine {
  expandPipelineYaml(
    input: { file: string; content: string },
    options: { resolver: TemplateResolver; legacyParameters?: boolean; limits?: Partial<TemplateLimits> },
  ): Promise<Record<string, unknown>>;
  yamlToModel(yamlText: string, options: { file: string }): unknown;
  modelToYaml(model: never): unknown;
}

/** Thrown when a command needs a part of the engine that is not in this build. */
export class EngineUnavailableError extends Error {}

/**
 * Loads the engine modules when a command first needs them (so `check` works on its own, and the CLI
 * starts fast). Paths are relative to this file, which holds in the sources and in `dist/`.
 */
export function loadEngine(): YamlEngine {
  const expansion = optionalModule('../../../libs/pipeline-yaml/src/v2', 'v2');
  const transfer = optionalModule('../../../libs/pipeline-yaml/src/transfer', 'transfer');
  return {
    expandPipelineYaml: (input, options) => pick(expansion, 'expandPipelineYaml', 'v2')(input, options) as Promise<Record<string, unknown>>,
    yamlToModel: (text, options) => pick(transfer, 'yamlToModel', 'transfer')(text, options),
    modelToYaml: (model) => pick(transfer, 'modelToYaml', 'transfer')(model),
  };
}

type AnyFunction = (...args: unknown[]) => unknown;

function optionalModule(path: string, name: string): () => Record<string, unknown> {
  let loaded: Record<string, unknown> | null = null;
  return () => {
    if (loaded) return loaded;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(path) as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(path.split('/').pop() as string)) {
        throw new EngineUnavailableError(`this build has no pipeline-yaml ${name} module`);
      }
      throw error;
    }
    return loaded;
  };
}

function pick(load: () => Record<string, unknown>, name: string, moduleName: string): AnyFunction {
  const candidate = load()[name];
  if (typeof candidate !== 'function') throw new EngineUnavailableError(`the pipeline-yaml ${moduleName} module has no ${name}()`);
  return candidate as AnyFunction;
}
