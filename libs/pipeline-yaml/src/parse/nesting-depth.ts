import type { CST } from 'yaml';

/**
 * How deep lists and mappings may nest in one YAML file. Real pipelines stay far below it; deeper
 * input is refused before the (recursive) composer runs, because a stack overflow inside it can take
 * the whole Node process down (V8 aborts when a regular expression is compiled with no stack left).
 * SnakeYAML, BK-CI's parser, refuses nesting deeper than 50 by default.
 */
export const MAX_NESTING_DEPTH = 100;

/** The first collection that sits deeper than `limit`, as `{depth, offset}`; null when none does. Iterative. */
export function findTooDeep(tokens: readonly CST.Token[], limit: number): { depth: number; offset: number } | null {
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  const push = (token: CST.Token | undefined, depth: number): void => {
    if (token) stack.push({ token, depth });
  };
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    switch (token.type) {
      case 'document':
        push(token.value, depth);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > limit) return { depth: depth + 1, offset: token.offset };
        for (const item of token.items) {
          push(item.key ?? undefined, depth + 1);
          push(item.value, depth + 1);
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}
