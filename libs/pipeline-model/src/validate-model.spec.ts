import { validateModel, validateTemplateModel } from './index';

/** The minimal example of the reference spec (§1.8), verbatim. */
const MINIMAL = `{"name":"demo","desc":"","stages":[
 {"id":"stage-1","containers":[{"@type":"trigger","id":"0","name":"trigger",
   "params":[{"id":"ENV","required":true,"type":"ENUM","defaultValue":"dev","options":[{"key":"dev","value":"dev"}]}],
   "elements":[{"@type":"manualTrigger","id":"T-1-1-1","name":"manual"}]}]},
 {"id":"stage-2","stageIdForUser":"build","containers":[{"@type":"vmBuild","id":"1","jobId":"job_build",
   "containerHashId":"c-…","baseOS":"LINUX","dispatchType":{"buildType":"DOCKER","value":"tlinux3"},
   "jobControlOption":{"enable":true,"timeout":900,"runCondition":"STAGE_RUNNING"},
   "elements":[{"@type":"linuxScript","id":"e-…","stepId":"s1","name":"echo","scriptType":"SHELL","script":"echo hi",
     "additionalOptions":{"enable":true,"timeout":100,"runCondition":"PRE_TASK_SUCCESS"}},
    {"@type":"marketBuild","id":"e-…2","atomCode":"UploadArtifactory","version":"1.*","data":{"input":{"path":"a.txt"}}}]}]}]}`;

function minimal(): any {
  return JSON.parse(MINIMAL);
}

function errorsOf(json: unknown): Array<{ path: string; message: string }> {
  const result = validateModel(json);
  if (result.ok) throw new Error('expected the model to be rejected');
  return result.errors;
}

function pathsOf(json: unknown): string[] {
  return errorsOf(json).map((e) => e.path);
}

describe('validateModel', () => {
  it('accepts the minimal example and returns it unchanged', () => {
    const json = minimal();
    const result = validateModel(json);
    expect(result).toEqual({ ok: true, model: json });
  });

  it('drops top-level fields BK-CI’s Model does not declare, leaving the input as it was', () => {
    const json = { ...minimal(), projectName: 'from the editor', '@type': 'model', latestVersion: 3 };
    const result = validateModel(json);
    expect(result.ok && Object.keys(result.model).sort()).toEqual(['desc', 'latestVersion', 'name', 'stages']);
    expect(json.projectName).toBe('from the editor');
  });

  it('accepts unknown element kinds (generic fallback) and agentless jobs', () => {
    const json = minimal();
    json.stages[1].containers[0].elements.push({ '@type': 'qualityGateInTask', id: 'e-q', interceptTask: 'x' });
    json.stages.push({
      id: 'stage-3',
      containers: [
        {
          '@type': 'normal',
          id: '2',
          elements: [{ '@type': 'manualReviewUserTask', id: 'e-r', reviewUsers: ['alice'], params: [] }],
        },
      ],
    });
    expect(validateModel(json).ok).toBe(true);
  });

  it('reports a missing element @type at its exact path', () => {
    const json = minimal();
    json.stages[1].containers[0].elements.push({ name: 'no type' });
    expect(errorsOf(json)).toEqual([{ path: 'stages[1].containers[0].elements[2].@type', message: 'is required' }]);
  });

  it('reports a non-string element @type', () => {
    const json = minimal();
    json.stages[1].containers[0].elements[1]['@type'] = 7;
    expect(errorsOf(json)).toEqual([
      { path: 'stages[1].containers[0].elements[1].@type', message: 'must be a string, not number 7' },
    ]);
  });

  it('requires exactly one trigger container in stages[0]', () => {
    const json = minimal();
    json.stages[0].containers[0]['@type'] = 'vmBuild';
    json.stages[0].containers[0].baseOS = 'LINUX';
    json.stages[0].containers[0].elements = [];
    expect(pathsOf(json)).toEqual(['stages[0].containers[0].@type']);
    const two = minimal();
    two.stages[0].containers.push({ ...two.stages[0].containers[0], id: '9', elements: [] });
    expect(pathsOf(two)).toEqual(['stages[0].containers']);
  });

  it('rejects a trigger container outside stages[0] and triggers outside the trigger container', () => {
    const json = minimal();
    json.stages[1].containers[0].elements[0]['@type'] = 'timerTrigger';
    expect(errorsOf(json)[0]).toEqual({
      path: 'stages[1].containers[0].elements[0].@type',
      message: '"timerTrigger" is a trigger; triggers belong in the trigger container (stages[0])',
    });
    const other = minimal();
    other.stages[1].containers[0] = { '@type': 'trigger', id: '1', params: [], elements: [] };
    expect(pathsOf(other)).toEqual(['stages[1].containers[0].@type']);
  });

  it('rejects scripts in an agentless job', () => {
    const json = minimal();
    json.stages[1].containers[0]['@type'] = 'normal';
    expect(pathsOf(json)).toEqual([
      'stages[1].containers[0].elements[0].@type',
      'stages[1].containers[0].elements[1].@type',
    ]);
  });

  it('reports bad enum values with the allowed values', () => {
    const json = minimal();
    json.stages[1].containers[0].jobControlOption.runCondition = 'WHENEVER';
    json.stages[1].containers[0].elements[0].additionalOptions.runCondition = 'SOMETIMES';
    json.stages[1].containers[0].baseOS = 'BEOS';
    const errors = errorsOf(json);
    expect(errors.map((e) => e.path)).toEqual([
      'stages[1].containers[0].baseOS',
      'stages[1].containers[0].jobControlOption.runCondition',
      'stages[1].containers[0].elements[0].additionalOptions.runCondition',
    ]);
    expect(errors[0].message).toBe('must be one of LINUX, MACOS, WINDOWS, ALL, not "BEOS"');
  });

  it('checks params: id, type, default, unique ids, option shape', () => {
    const json = minimal();
    const params = json.stages[0].containers[0].params;
    params.push({ id: 'ENV', required: true, type: 'STRING', defaultValue: '' });
    params.push({ required: false, type: 'COLOUR' });
    params[0].options.push({ key: 'prod' });
    expect(errorsOf(json)).toEqual([
      { path: 'stages[0].containers[0].params[0].options[1].value', message: 'is required' },
      {
        path: 'stages[0].containers[0].params[1].id',
        message: 'param id "ENV" is already used at stages[0].containers[0].params[0].id',
      },
      { path: 'stages[0].containers[0].params[2].id', message: 'is required' },
      {
        path: 'stages[0].containers[0].params[2].type',
        message: expect.stringMatching(/^must be one of STRING, TEXTAREA, .*, not "COLOUR"$/),
      },
      { path: 'stages[0].containers[0].params[2].defaultValue', message: 'is required' },
    ]);
  });

  it('allows one finally stage, last only', () => {
    const json = minimal();
    json.stages[1].finally = true;
    expect(validateModel(json).ok).toBe(true);
    json.stages.push({ id: 'stage-3', containers: [{ '@type': 'normal', id: '2', elements: [] }] });
    expect(errorsOf(json)).toEqual([
      { path: 'stages[1].finally', message: 'only the last stage may be a finally stage' },
    ]);
  });

  it('reports duplicated container ids, job ids and element ids', () => {
    const json = minimal();
    const job = json.stages[1].containers[0];
    json.stages[1].containers.push({ ...job, containerHashId: 'c-2', elements: [{ ...job.elements[1], stepId: 's9' }] });
    expect(pathsOf(json)).toEqual([
      'stages[1].containers[1].id',
      'stages[1].containers[1].jobId',
      'stages[1].containers[1].elements[0].id',
    ]);
  });

  it('requires the market plugin fields', () => {
    const json = minimal();
    const market = json.stages[1].containers[0].elements[1];
    delete market.atomCode;
    market.data = 'x';
    expect(errorsOf(json)).toEqual([
      { path: 'stages[1].containers[0].elements[1].atomCode', message: 'is required' },
      { path: 'stages[1].containers[0].elements[1].data', message: 'must be an object, not string "x"' },
    ]);
  });

  it('rejects non-objects and empty stage lists', () => {
    expect(errorsOf(null)).toEqual([{ path: '(root)', message: 'a Model must be a JSON object' }]);
    expect(errorsOf({ name: 'x', stages: [] })).toEqual([{ path: 'stages', message: 'must not be empty' }]);
    expect(pathsOf({ stages: [{ containers: 'no' }] })).toEqual(['name', 'stages[0].containers']);
  });

  it('checks template references on stages and steps', () => {
    const json = minimal();
    json.stages.splice(1, 0, { id: 'stage-x', containers: [], template: { templateRefType: 'ID' } });
    json.stages[2].containers[0].elements.push({ '@type': 'stepTemplate', id: 'e-t', template: { templateRefType: 'PATH', templatePath: 'a.yml' } });
    expect(errorsOf(json)).toEqual([{ path: 'stages[1].template.templateId', message: 'is required' }]);
  });
});

describe('validateTemplateModel', () => {
  const job = { '@type': 'vmBuild', id: '1', name: 'build', baseOS: 'LINUX', elements: [{ '@type': 'linuxScript', name: 'run', script: 'echo', scriptType: 'SHELL' }] };

  it('checks a JOB template inside a pipeline and reports the template’s own paths', () => {
    expect(validateTemplateModel('JOB', { '@type': 'job', containers: [job], stages: [] })).toEqual({ ok: true, model: { '@type': 'job', containers: [job] } });
    const outcome = validateTemplateModel('JOB', { '@type': 'job', containers: [{ ...job, elements: [{ name: 'no type' }] }] });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors[0].path).toBe('containers[0].elements[0].@type');
  });

  it('refuses content of the wrong shape or type without looking further', () => {
    expect(validateTemplateModel('STAGE', { '@type': 'stage', stages: 5 })).toEqual({ ok: false, errors: [{ path: 'stages', message: 'is required and must be an array' }] });
    expect(validateTemplateModel('STEP', { '@type': 'job', container: job })).toEqual({ ok: false, errors: [{ path: '@type', message: 'must be "step" for a STEP template' }] });
    expect(validateTemplateModel('VARIABLE', null)).toMatchObject({ ok: false, errors: [{ path: '(root)' }] });
  });
});
