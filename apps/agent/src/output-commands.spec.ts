import { parseOutputCommand, resultKeys } from './output-commands';

describe('output commands', () => {
  it('reads set-variable and set-output lines, quoted or not, the value keeping its own ::', () => {
    expect(parseOutputCommand('::set-variable name=VERSION::1.2.3')).toEqual({ kind: 'variable', name: 'VERSION', value: '1.2.3' });
    expect(parseOutputCommand('"::set-output name=url::http://x::y"')).toEqual({ kind: 'output', name: 'url', value: 'http://x::y' });
    expect(parseOutputCommand('::set-output name=empty::')).toEqual({ kind: 'output', name: 'empty', value: '' });
  });

  it('ignores other lines and malformed commands', () => {
    for (const line of ['echo ::set-output name=a::b', '::set-output name=a', '::set-output name=::v', '::set-env name=a::b', ' ::set-variable name=a::b', '::set-outputname=a::b']) {
      expect(parseOutputCommand(line)).toBeNull();
    }
  });

  it('keys a variable by its name and an output by its step, and its job when there is one', () => {
    const output = { kind: 'output' as const, name: 'sha', value: 'abc' };
    expect(resultKeys({ kind: 'variable', name: 'V', value: '1' }, 'build', 'job_1')).toEqual(['V']);
    expect(resultKeys(output, 'build', 'job_1')).toEqual(['steps.build.outputs.sha', 'jobs.job_1.steps.build.outputs.sha']);
    expect(resultKeys(output, 'build', null)).toEqual(['steps.build.outputs.sha']);
    expect(resultKeys(output, null, 'job_1')).toEqual([]);
  });
});
