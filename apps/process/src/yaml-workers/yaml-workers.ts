import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import type { TemplateModel } from '@bkci/pipeline-model';
import { ModelToYamlOptions, TransferResult, YamlError, YamlErrorCode, YamlToModelOptions } from '@bkci/pipeline-yaml';
import { WorkerPool } from './worker-pool';
import type { SentInternalError, SentYamlError } from './yaml-thread';
import { PROCESS_CONFIG, ProcessConfig } from '../process.config';

/**
 * The YAML ↔ Model transfer of @bkci/pipeline-yaml, run on worker threads with a time budget:
 * what a client sends can cost seconds of CPU (a 1 MiB file, a 10 MB Model), and on the main
 * thread that would stall every other request, health included. A conversion over budget is a
 * TOO_EXPENSIVE YamlError (400); every other YamlError comes back as the engine threw it.
 */
@Injectable()
export class YamlWorkers implements OnModuleDestroy {
  private readonly pool: WorkerPool;

  constructor(@Inject(PROCESS_CONFIG.token) config: ProcessConfig) {
    const budgetMs = config.yamlWorkerTimeoutMs;
    this.pool = new WorkerPool({
      // yaml-thread.js beside the built code, or yaml-thread.ts when running from source.
      entry: join(__dirname, `yaml-thread${extname(__filename)}`),
      size: config.yamlWorkers,
      budgetMs,
      overBudget: () =>
        new YamlError(YamlErrorCode.TOO_EXPENSIVE, `The YAML is too expensive to process: its conversion was stopped after ${budgetMs} ms (or on running out of memory)`),
      reviveError,
    });
  }

  yamlToModel(yaml: string, options: YamlToModelOptions): Promise<TransferResult> {
    return this.pool.run('yamlToModel', [yaml, options]) as Promise<TransferResult>;
  }

  modelToYaml(model: TemplateModel, options: ModelToYamlOptions = {}): Promise<string> {
    return this.pool.run('modelToYaml', [model, options]) as Promise<string>;
  }

  /** `newYaml` written into the user's `oldYaml`, keeping their comments and layout (pipeline-yaml's mergeYaml). */
  mergeYaml(oldYaml: string, newYaml: string): Promise<string> {
    return this.pool.run('mergeYaml', [oldYaml, newYaml]) as Promise<string>;
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}

function reviveError(sent: unknown): Error {
  if ((sent as SentYamlError).yaml) {
    const { code, reason, location } = (sent as SentYamlError).yaml;
    return new YamlError(code as YamlErrorCode, reason, location);
  }
  const { message, stack } = (sent as SentInternalError).internal;
  const error = new Error(`YAML worker thread: ${message}`);
  error.stack = `${error.stack}\nthread ${stack ?? ''}`;
  return error;
}
