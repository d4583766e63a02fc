import { configFileArgument } from './command-line';

describe('agent command line', () => {
  it('takes run --config <file> and run --config=<file>', () => {
    expect(configFileArgument(['run', '--config', '/opt/agent/agent.json'])).toBe('/opt/agent/agent.json');
    expect(configFileArgument(['run', '--config=agent.json'])).toBe('agent.json');
  });

  it.each([[[]], [['run']], [['start', '--config', 'a.json']], [['run', '--config']], [['run', '--config=']], [['run', '--config', 'a.json', 'extra']]])(
    'refuses %j',
    (argv) => {
      expect(configFileArgument(argv)).toBeNull();
    },
  );
});
