import { mergeYaml, modelToYaml, YamlError, YamlErrorCode, yamlToModel } from '@bkci/pipeline-yaml';
import { buildModel } from '@bkci/testing';
import { ProcessConfig } from '../process.config';
import { YamlWorkers } from './yaml-workers';
import { costlyPipelineYaml } from '../../../../test/fixtures/yaml/costly-pipeline.fixtures';

const SMALL = 'version: v3.0\nname: small\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: echo small\n';
/** A second or more of work for a thread: several times the budgets below. */
const COSTLY = costlyPipelineYaml(15_000);

function workers(threads: number, budgetMs: number): YamlWorkers {
  return new YamlWorkers({ yamlWorkers: threads, yamlWorkerTimeoutMs: budgetMs } as ProcessConfig);
}

/** What `run` threw (it must throw). */
async function thrown(run: Promise<unknown>): Promise<YamlError> {
  const outcome = await run.then(
    () => null,
    (error: unknown) => error,
  );
  if (outcome === null) throw new Error('expected a rejection');
  return outcome as YamlError;
}

function syncError(run: () => unknown): YamlError {
  try {
    run();
  } catch (error) {
    return error as YamlError;
  }
  throw new Error('expected an error');
}

describe('YamlWorkers', () => {
  let pool: YamlWorkers;

  afterEach(() => pool.onModuleDestroy());

  it('answers what the engine answers on the main thread', async () => {
    pool = workers(2, 60_000);
    expect(await pool.yamlToModel(SMALL, { file: 'small.yml' })).toEqual(yamlToModel(SMALL, { file: 'small.yml' }));
    const model = buildModel('small', 'make');
    expect(await pool.modelToYaml(model)).toBe(modelToYaml(model));
    const commented = `# kept\n${SMALL}`;
    const merged = await pool.mergeYaml(commented, SMALL.replace('echo small', 'echo merged'));
    expect(merged).toBe(mergeYaml(commented, SMALL.replace('echo small', 'echo merged')));
    expect(merged.split('\n').slice(0, 3)).toEqual(['# kept', 'version: v3.0', 'name: small']);
    expect(merged).toContain('- run: echo merged');
  });

  it('gives back the engine’s YamlError intact: class, code, status, message, location', async () => {
    pool = workers(1, 60_000);
    const broken = 'version: v3.0\nstages:\n  - name: build\n    jobs: [\n';
    const expected = syncError(() => yamlToModel(broken, { file: 'broken.yml' }));
    const error = await thrown(pool.yamlToModel(broken, { file: 'broken.yml' }));
    expect(error).toBeInstanceOf(YamlError);
    expect(error).toMatchObject({ code: expected.code, httpStatus: 400, message: expected.message, location: expected.location });
    expect(error.location).toMatchObject({ file: 'broken.yml', line: expect.any(Number), column: expect.any(Number) });

    const invalidModel = { ...buildModel('bad'), stages: 'none' };
    const expectedModelError = syncError(() => modelToYaml(invalidModel as never));
    const modelError = await thrown(pool.modelToYaml(invalidModel as never));
    expect(modelError).toBeInstanceOf(YamlError);
    expect(modelError).toMatchObject({ code: YamlErrorCode.MODEL_INVALID, message: expectedModelError.message });
  });

  it('stops a conversion over budget with TOO_EXPENSIVE, and the next one runs on a fresh thread', async () => {
    pool = workers(1, 250);
    // Both are queued on the pool's only thread: the small one can run only once the costly one's thread is gone.
    const costly = thrown(pool.yamlToModel(COSTLY, { file: 'costly.yml' }));
    const small = pool.yamlToModel(SMALL, { file: 'small.yml' });

    const error = await costly;
    expect(error).toBeInstanceOf(YamlError);
    expect(error).toMatchObject({ code: YamlErrorCode.TOO_EXPENSIVE, httpStatus: 400 });
    expect(error.message).toContain('too expensive');
    expect((await small).kind).toBe('PIPELINE');
    expect((await pool.modelToYaml(buildModel('after'))).length).toBeGreaterThan(0);
  });

  it('refuses work once closed, and fails what was waiting', async () => {
    pool = workers(1, 60_000);
    const waiting = expect(pool.yamlToModel(SMALL, { file: 'small.yml' })).rejects.toThrow('closed');
    await pool.onModuleDestroy();
    await waiting;
    await expect(pool.yamlToModel(SMALL, { file: 'small.yml' })).rejects.toThrow('closed');
  });
});
