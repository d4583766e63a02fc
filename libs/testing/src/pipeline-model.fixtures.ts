import { defaultModel, Model } from '@bkci/pipeline-model';

/** For tests: BK-CI's default model plus a build stage with one Linux job running `script`. */
export function buildModel(name: string, script = 'echo hello'): Model {
  const model = defaultModel(name);
  model.stages.push({
    id: 'stage-2',
    name: 'build',
    containers: [
      {
        '@type': 'vmBuild',
        id: '1',
        containerHashId: 'c-0123456789abcdef0123456789abcdef',
        jobId: 'job_build',
        name: 'build',
        baseOS: 'LINUX',
        dispatchType: { buildType: 'DOCKER', value: 'tlinux3:latest' },
        elements: [{ '@type': 'linuxScript', id: 'e-0123456789abcdef0123456789abcdef', name: 'run', scriptType: 'SHELL', script }],
      },
    ],
  });
  return model;
}
