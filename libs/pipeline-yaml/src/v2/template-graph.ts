import { YamlError, YamlErrorCode } from '../yaml-error';

/** Reference kinds that get their own cycle graph (BK-CI TemplateGraph). */
export type CycleKind = 'variable' | 'stage' | 'job' | 'step' | 'repository';

/**
 * A directed graph of `from → to` references. Adding an edge that closes a cycle throws
 * TEMPLATE_CYCLE with the cycle spelled out: `a.yml → b.yml → a.yml`.
 */
export class ReferenceGraph {
  private readonly edges = new Map<string, Set<string>>();

  constructor(private readonly kind: CycleKind) {}

  add(from: string, to: string, location: { file: string }): void {
    const path = this.pathBetween(to, from);
    if (path) {
      const cycle = [from, ...path].join(' → ');
      const message =
        this.kind === 'repository'
          ? `Repository: Cyclic dependency ${cycle}`
          : `There is a [${this.kind}] circular dependency in template: ${cycle}`;
      throw new YamlError(YamlErrorCode.TEMPLATE_CYCLE, message, location);
    }
    const targets = this.edges.get(from) ?? new Set<string>();
    targets.add(to);
    this.edges.set(from, targets);
  }

  /** A path start → … → goal over existing edges (iterative DFS), or null. */
  private pathBetween(start: string, goal: string): string[] | null {
    if (start === goal) return [start];
    const parent = new Map<string, string>();
    const stack = [start];
    const seen = new Set([start]);
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const next of this.edges.get(node) ?? []) {
        if (seen.has(next)) continue;
        parent.set(next, node);
        if (next === goal) {
          const path = [next];
          for (let at = node; at !== start; at = parent.get(at)!) path.unshift(at);
          return [start, ...path];
        }
        seen.add(next);
        stack.push(next);
      }
    }
    return null;
  }
}
