import { ConfigSection } from '@bkci/config';

/** Who may create projects: any signed-in user (BK-CI's default) or administrators only. */
export const PROJECT_CREATORS = ['everyone', 'admins'] as const;
export type ProjectCreators = (typeof PROJECT_CREATORS)[number];

/** The process app's own settings (see ConfigSection); inject with `@Inject(PROCESS_CONFIG.token)`. */
export interface ProcessConfig {
  /** Released versions kept per template; the oldest beyond it are removed (never the latest). */
  templateMaxReleasedVersions: number;
  /** Pipelines a synchronous template instantiation may create or update; more go through a batch. */
  templateSyncInstanceLimit: number;
  /** Pipelines of an asynchronous batch written per transaction (fewer commits; a failing chunk is redone one by one). */
  templateInstanceChunkSize: number;
  /** Worker threads that parse and convert pipeline YAML off the event loop. */
  yamlWorkers: number;
  /** How long one YAML conversion may run on a worker before it is stopped and the request refused. */
  yamlWorkerTimeoutMs: number;
  /** Who may create projects (`BKCI_PROJECT_CREATORS`). */
  projectCreators: ProjectCreators;
}

export const PROCESS_CONFIG = new ConfigSection<ProcessConfig>('process', (reader) => ({
  templateMaxReleasedVersions: reader.integer('BKCI_TEMPLATE_MAX_RELEASED_VERSIONS', 100, 1),
  templateSyncInstanceLimit: reader.integer('BKCI_TEMPLATE_SYNC_INSTANCE_LIMIT', 10, 1),
  templateInstanceChunkSize: reader.integer('BKCI_TEMPLATE_INSTANCE_CHUNK', 200, 1),
  yamlWorkers: reader.integer('BKCI_YAML_WORKERS', 2, 1),
  yamlWorkerTimeoutMs: reader.integer('BKCI_YAML_WORKER_TIMEOUT_MS', 5000, 1),
  projectCreators: reader.oneOf('BKCI_PROJECT_CREATORS', [...PROJECT_CREATORS], 'everyone') as ProjectCreators,
}));
