import { EnvironmentError } from '../environment.errors';
import { mergeEnvVars } from './env-vars';

const BEFORE = [
  { name: 'REGION', value: 'eu', secure: false, lastUpdateUser: 'alice', lastUpdateTime: 100 },
  { name: 'TOKEN', value: '', secure: true, lastUpdateUser: 'alice', lastUpdateTime: 100 },
];
const SECRETS = { TOKEN: 's3cret' };

describe('mergeEnvVars', () => {
  it('splits new variables into the clear part and the secure values to seal', () => {
    const merged = mergeEnvVars(
      [
        { name: 'A', value: 'plain', secure: false },
        { name: 'B', value: 'hidden', secure: true },
      ],
      [],
      {},
      'bob',
      200,
    );
    expect(merged.stored).toEqual([
      { name: 'A', value: 'plain', secure: false, lastUpdateUser: 'bob', lastUpdateTime: 200 },
      { name: 'B', value: '', secure: true, lastUpdateUser: 'bob', lastUpdateTime: 200 },
    ]);
    expect(merged.secureValues).toEqual({ B: 'hidden' });
  });

  it('keeps a secure value sent back as the mask or empty, and who changed it last', () => {
    for (const sent of ['******', '']) {
      const merged = mergeEnvVars([{ name: 'TOKEN', value: sent, secure: true }], BEFORE, SECRETS, 'bob', 200);
      expect(merged.secureValues).toEqual({ TOKEN: 's3cret' });
      expect(merged.stored).toEqual([{ name: 'TOKEN', value: '', secure: true, lastUpdateUser: 'alice', lastUpdateTime: 100 }]);
    }
  });

  it('stamps only the variables whose value or flag changed, and drops those left out', () => {
    const merged = mergeEnvVars(
      [
        { name: 'REGION', value: 'eu', secure: false },
        { name: 'TOKEN', value: 'rotated', secure: true },
      ],
      BEFORE,
      SECRETS,
      'bob',
      200,
    );
    expect(merged.stored.map((v) => [v.name, v.lastUpdateUser, v.lastUpdateTime])).toEqual([
      ['REGION', 'alice', 100],
      ['TOKEN', 'bob', 200],
    ]);
    expect(merged.secureValues).toEqual({ TOKEN: 'rotated' });
    expect(mergeEnvVars([{ name: 'REGION', value: 'eu', secure: true }], BEFORE, SECRETS, 'bob', 200)).toEqual({
      stored: [{ name: 'REGION', value: '', secure: true, lastUpdateUser: 'bob', lastUpdateTime: 200 }],
      secureValues: { REGION: 'eu' },
    });
  });

  it('takes the mask literally for a variable that was not secure before', () => {
    const merged = mergeEnvVars([{ name: 'REGION', value: '******', secure: true }], BEFORE, SECRETS, 'bob', 200);
    expect(merged.secureValues).toEqual({ REGION: '******' });
  });

  it('refuses a name given twice', () => {
    expect(() => mergeEnvVars([{ name: 'A', value: '1', secure: false }, { name: 'A', value: '2', secure: true }], [], {}, 'bob', 200)).toThrow(EnvironmentError);
  });
});
