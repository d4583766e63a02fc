import { buildModel } from '@bkci/testing';
import type { Model } from '@bkci/pipeline-model';
import { unrunnableSteps } from './runnable-steps';

describe('unrunnableSteps', () => {
  it('accepts script steps on agents and refuses the rest, naming each; disabled ones do not count', () => {
    expect(unrunnableSteps(buildModel('ok'))).toEqual([]);
    const model: Model = buildModel('mixed');
    const job = model.stages[1].containers[0];
    job.name = 'build';
    job.elements.push(
      { '@type': 'windowsScript', id: 'e-w', name: 'win', script: 'dir' },
      { '@type': 'marketBuild', id: 'e-m', name: 'plugin', atomCode: 'checkout' },
      { '@type': 'windowsScript', id: 'e-off', name: 'off', additionalOptions: { enable: false } },
    );
    expect(unrunnableSteps(model)).toEqual([
      'step "win" of job "build": "windowsScript" cannot run on an agent here (agents run linuxScript)',
      'step "plugin" of job "build": "marketBuild checkout" cannot run on an agent here (agents run linuxScript)',
    ]);
  });

  it('lets agentless jobs hold manual reviews and sub-pipeline calls, and nothing else', () => {
    const model: Model = buildModel('agentless');
    model.stages.push({
      id: 'stage-3',
      containers: [
        {
          '@type': 'normal',
          name: 'gate',
          elements: [
            { '@type': 'manualReviewUserTask', id: 'e-r', name: 'review', reviewUsers: ['dora'], params: [] },
            { '@type': 'subPipelineCall', id: 'e-s', name: 'child', subPipelineId: 'p-1', asynchronous: true },
            { '@type': 'linuxScript', id: 'e-l', name: 'script', script: 'true' },
          ],
        },
      ],
    });
    expect(unrunnableSteps(model)).toEqual(['step "script" of job "gate": "linuxScript" cannot run in an agentless job here']);
  });
});
