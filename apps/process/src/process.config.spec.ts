import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { PROCESS_CONFIG } from './process.config';
import { thrownError } from '@bkci/testing';

describe('PROCESS_CONFIG', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => PROCESS_CONFIG.load(loadConfig('process', { BKCI_DATA_DIR: dataDir, ...env }));

  it('sizes the YAML worker pool and its time budget, refusing zero', () => {
    const defaults = load({});
    expect([defaults.yamlWorkers, defaults.yamlWorkerTimeoutMs]).toEqual([2, 5000]);
    const set = load({ BKCI_YAML_WORKERS: '4', BKCI_YAML_WORKER_TIMEOUT_MS: '250' });
    expect([set.yamlWorkers, set.yamlWorkerTimeoutMs]).toEqual([4, 250]);

    const error = thrownError(ConfigError, () => load({ BKCI_YAML_WORKERS: '0', BKCI_YAML_WORKER_TIMEOUT_MS: '0' }));
    expect(error.problems).toEqual(['BKCI_YAML_WORKERS must be a whole number ≥ 1 (got "0")', 'BKCI_YAML_WORKER_TIMEOUT_MS must be a whole number ≥ 1 (got "0")']);
  });

  it('lets everyone create projects unless told admins only, refusing any other value', () => {
    expect(load({}).projectCreators).toBe('everyone');
    expect(load({ BKCI_PROJECT_CREATORS: 'admins' }).projectCreators).toBe('admins');
    const error = thrownError(ConfigError, () => load({ BKCI_PROJECT_CREATORS: 'managers' }));
    expect(error.problems).toEqual(['BKCI_PROJECT_CREATORS must be one of everyone, admins (got "managers")']);
  });
});
