import { PersistHooks, VersionChainError, VersionManager, VersionPostProcessor } from './version-manager';

type Request = { kind: 'create' | 'save'; name: string };
type Context = { action: 'NEW' | 'DRAFT'; name: string };

const calls: string[] = [];
const converter = (kind: Request['kind'], action: Context['action']) => ({
  supports: (request: Request) => request.kind === kind,
  convert: async (request: Request): Promise<Context> => {
    calls.push(`convert ${kind}`);
    return { action, name: request.name };
  },
});
const validator = {
  validate: async (context: Context) => {
    calls.push('validate');
    if (context.name === '') throw new Error('name is required');
  },
};
const handler = (action: Context['action']) => ({
  supports: (context: Context) => context.action === action,
  handle: async (context: Context, hooks: PersistHooks<string, string[]>) => {
    const tx: string[] = [];
    await hooks.beforePersist(tx);
    tx.push(`write ${context.name}`);
    await hooks.afterPersist(`v-${context.name}`, tx);
    calls.push(...tx);
    return `v-${context.name}`;
  },
});
const processor = (order: number, onlyFor: Context['action']): VersionPostProcessor<Context, string, string[]> => ({
  order,
  supports: (context) => context.action === onlyFor,
  beforePersist: async (_context, tx) => void tx.push(`before ${order}`),
  afterPersist: async (_context, result, tx) => void tx.push(`after ${order} ${result}`),
});

const manager = new VersionManager<Request, Context, string, string[]>(
  [converter('create', 'NEW'), converter('save', 'DRAFT')],
  validator,
  [handler('NEW'), handler('DRAFT')],
  [processor(20, 'DRAFT'), processor(10, 'DRAFT'), processor(5, 'NEW')],
);

beforeEach(() => (calls.length = 0));

describe('VersionManager', () => {
  it('runs converter → validator → handler with the matching post-processors in order, inside the write', async () => {
    await expect(manager.deploy({ kind: 'save', name: 'a' })).resolves.toBe('v-a');
    expect(calls).toEqual(['convert save', 'validate', 'before 10', 'before 20', 'write a', 'after 10 v-a', 'after 20 v-a']);
  });

  it('picks the converter and handler by request and context', async () => {
    await manager.deploy({ kind: 'create', name: 'b' });
    expect(calls).toEqual(['convert create', 'validate', 'before 5', 'write b', 'after 5 v-b']);
  });

  it('stops at the validator: nothing is written', async () => {
    await expect(manager.deploy({ kind: 'save', name: '' })).rejects.toThrow('name is required');
    expect(calls).toEqual(['convert save', 'validate']);
  });

  it('refuses a request no converter supports', async () => {
    await expect(manager.deploy({ kind: 'delete' } as unknown as Request)).rejects.toBeInstanceOf(VersionChainError);
  });
});
