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
});
