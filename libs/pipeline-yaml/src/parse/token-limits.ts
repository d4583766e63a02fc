import type { CST } from 'yaml';

/**
 * How deep lists and mappings may nest in one YAML file. Real pipelines stay far below it; deeper
 * input is refused before the (recursive) composer runs, because a stack overflow inside it can take
 * the whole Node process down (V8 aborts when a regular expression is compiled with no stack left).
 * SnakeYAML, BK-CI's parser, refuses nesting deeper than 50 by default.
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * How many aliases (`*name`) one YAML file may hold. Pipelines use a handful; SnakeYAML allows 50
 * aliases of collections by default. Counted on the tokens, before anything is composed or resolved.
 */
export const MAX_ALIAS_COUNT = 100;

export interface TokenLimits {
  maxNestingDepth: number;
  maxAliasCount: number;
}

/** The first place where the tokens break a limit: a collection nested too deep, or one alias too many. */
export type TokenProblem = { kind: 'depth'; offset: number } | { kind: 'aliases'; offset: number };

/** Walks the tokens once (iteratively) and reports the first limit they break, or null. */
export function checkTokenLimits(tokens: readonly CST.Token[], limits: TokenLimits): TokenProblem | null {
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 })).reverse();
  const push = (token: CST.Token | undefined, depth: number): void => {
    if (token) stack.push({ token, depth });
  };
  let aliases = 0;
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    switch (token.type) {
      case 'document':
        push(token.value, depth);
        break;
      case 'alias':
        aliases += 1;
        if (aliases > limits.maxAliasCount) return { kind: 'aliases', offset: token.offset };
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > limits.maxNestingDepth) return { kind: 'depth', offset: token.offset };
        // Pushed last to first, so that the file is read in order and the first alias over the limit is the one named.
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i];
          push(item.value, depth + 1);
          push(item.key ?? undefined, depth + 1);
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}
