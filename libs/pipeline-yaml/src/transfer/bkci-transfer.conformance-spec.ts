import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bkciGoldenFolder } from '../../../../test/fixtures/bkci-golden';
import { mergeYaml, modelToYaml, yamlToModel } from './index';
import type { TransferResult } from './types';

/** BK-CI's v3.0 test resources (BKCI_YAML_FIXTURES) through the transfer, and its MergeYamlTest cases. */
const FIXTURES = bkciGoldenFolder();
const file = 'p.yml';

function roundTrip(result: TransferResult): TransferResult {
  const setting = result.kind === 'PIPELINE' ? result.setting : undefined;
  return yamlToModel(modelToYaml(result.model, { setting }), { file, kind: result.kind });
}

describe('BK-CI test-yamls: YAML → Model → YAML → Model', () => {
  it.each(['valid-v3.yml', 'complex-valid.yml'])('is stable for %s', (name) => {
    const text = readFileSync(join(FIXTURES, 'test-yamls', name), 'utf8');
    const first = yamlToModel(text, { file: name });
    expect(first.kind).toBe('PIPELINE');
    expect(roundTrip(first)).toEqual(first);
  });

  it('reads valid-v3.yml as BK-CI does', () => {
    const text = readFileSync(join(FIXTURES, 'test-yamls/valid-v3.yml'), 'utf8');
    const result = yamlToModel(text, { file });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    const [trigger, stage] = result.model.stages;
    expect(trigger.containers[0].elements.map((e) => e['@type'])).toEqual(['manualTrigger', 'codeGitWebHookTrigger']);
    expect(trigger.containers[0].elements[1]).toMatchObject({ branchName: 'main', repositoryType: 'NAME', repositoryName: 'test/repo', eventType: 'PUSH' });
    expect(stage.containers[0]).toMatchObject({ '@type': 'vmBuild', jobId: 'job1', name: 'test-job', dispatchType: { buildType: 'DOCKER' } });
    expect(stage.containers[0].elements[0]).toMatchObject({ '@type': 'linuxScript', script: 'echo hello', version: '1.*' });
  });

  it('reads extends of complex-valid.yml into Model.template and the setting', () => {
    const text = readFileSync(join(FIXTURES, 'test-yamls/complex-valid.yml'), 'utf8');
    const result = yamlToModel(text, { file });
    if (result.kind !== 'PIPELINE') throw new Error('expected a pipeline');
    expect(result.model.template).toEqual({ templateRefType: 'ID', templateId: 'asd', templateVersionName: 'v1' });
    expect(result.model.overrideTemplateField?.settingGroups).toEqual(['CONCURRENCY', 'CUSTOM_BUILD_NUM', 'NOTICES']);
    expect(result.setting).toMatchObject({ runLockType: 'GROUP_LOCK', maxQueueSize: 1, buildNumRule: 'test', failIfVariableInvalid: true });
    expect(result.setting.failSubscriptionList?.[0].types).toEqual(['EMAIL', 'RTX']);
  });
});

/**
 * Reads a fixture the way BK-CI's own MergeYamlTest does (`readLine()` + "\n" per line): every
 * line ends with "\n", whether or not the file ends with a newline. This is the only
 * normalisation; out.yml of base-1 and base-3 have no final newline, base-2's has one.
 */
function fixture(path: string): string {
  const lines = readFileSync(join(FIXTURES, path), 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => `${line}\n`).join('');
}

describe('mergeYaml: BK-CI TransferYaml golden files', () => {
  it.each(['base-1', 'base-2', 'base-3'])('%s: merge(old, new) equals out.yml exactly', (name) => {
    const old = fixture(`TransferYaml/${name}/old.yml`);
    const edited = fixture(`TransferYaml/${name}/new.yml`);
    expect(mergeYaml(old, edited)).toBe(fixture(`TransferYaml/${name}/out.yml`));
  });

  it.each(['base-1', 'base-2', 'base-3'])('%s: the merged text reads back as the new data', (name) => {
    const edited = fixture(`TransferYaml/${name}/new.yml`);
    const merged = mergeYaml(fixture(`TransferYaml/${name}/old.yml`), edited);
    expect(parse(merged, { merge: true })).toEqual(parse(edited, { merge: true }));
  });
});

describe('mergeYaml on BK-CI TransferYaml outputs', () => {
  it('is a fixed point on its own output', () => {
    for (const name of ['base-1', 'base-2', 'base-3']) {
      const out = fixture(`TransferYaml/${name}/out.yml`);
      const once = mergeYaml(out, out);
      expect(mergeYaml(once, once)).toBe(once);
      expect(parse(once, { merge: true })).toEqual(parse(out, { merge: true }));
    }
  });
});
