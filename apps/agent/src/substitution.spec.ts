import { credentialIdsIn, substitute } from './substitution';

const sources = {
  variables: { name: 'world', 'ci.build_id': 'b-1', greeting: 'hi ${name}', count: '3' },
  settings: { 'git-cred': { username: 'ci', password: 's3cret' } },
};

describe('substitute', () => {
  it("replaces BK-CI's forms with the variables", () => {
    expect(substitute('echo ${{ variables.name }} ${{name}} ${name} ${{ ci.build_id }} ${ci.build_id}', sources)).toBe('echo world world world b-1 b-1');
  });

  it('replaces a credential key', () => {
    expect(substitute('login ${{ settings.git-cred.username }}:${{ settings.git-cred.password }}', sources)).toBe('login ci:s3cret');
  });

  it('evaluates other expressions over the same contexts', () => {
    expect(substitute("${{ variables.count == '3' }} ${{ contains(name, 'orl') }}", sources)).toBe('true true');
  });

  it('leaves what it cannot resolve as written, the shell’s own ${VAR} included', () => {
    const script = 'echo ${HOME} ${{ variables.none }} ${{ nothing }} ${{ settings.other.key }} ${{ == }}';
    expect(substitute(script, sources)).toBe(script);
  });

  it('does not substitute inside a value it put in', () => {
    expect(substitute('${greeting} ${{ variables.greeting }}', sources)).toBe('hi ${name} hi ${name}');
  });
});

describe('credentialIdsIn', () => {
  it('names each credential a script reads, once', () => {
    expect(credentialIdsIn('${{ settings.a-1.password }} ${{settings.b.token}} ${{ settings.a-1.username }} ${settings.c.x} settings.d.y')).toEqual(['a-1', 'b']);
  });
});
