import { evaluateExpression, ExpressionContexts, isLegalKeyword, toCompactJson, toStringValue } from '@bkci/expressions';

/** What a step's text may refer to: the build's variables, and the credentials read for this job (id → key → value). */
export interface SubstitutionSources {
  variables: Record<string, string>;
  settings: Record<string, Record<string, string>>;
}

/**
 * `${{ expression }}` (BK-CI's expressionPattern: no `$`, `{` or `}` inside) or `${NAME}`, in one
 * pass, so a value put in is never substituted again.
 */
const REFERENCE = /\$\{\{([^${}]+)\}\}|\$\{([^${}]+)\}/g;
const SETTINGS_REFERENCE = /(?:^|[^A-Za-z0-9_.])settings\.([A-Za-z0-9_-]+)\./g;

/** The credential ids a text's `${{ … settings.<id>.<key> … }}` blocks name, each once, so the job reads them before substituting. */
export function credentialIdsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const block of text.matchAll(REFERENCE)) {
    if (block[1] === undefined) continue;
    for (const reference of block[1].matchAll(SETTINGS_REFERENCE)) ids.add(reference[1]);
  }
  return [...ids];
}

/**
 * Replaces `${{ variables.K }}`, `${{ K }}`, `${{ settings.<credentialId>.<key> }}` (any expression
 * of libs/expressions over those contexts) and `${K}` with their values. What cannot be resolved
 * stays as written: `${HOME}` is the shell's own, and a `${{ }}` naming nothing known is left
 * for the author to see in the log rather than silently emptied.
 */
export function substitute(text: string, sources: SubstitutionSources): string {
  const contexts = expressionContexts(sources);
  return text.replace(REFERENCE, (whole, expression: string | undefined, name: string | undefined) => {
    if (expression === undefined) return Object.hasOwn(sources.variables, name!) ? sources.variables[name!] : whole;
    let value: unknown;
    try {
      value = evaluateExpression(expression.trim(), contexts);
    } catch {
      return whole;
    }
    if (value === null || value === undefined) return whole;
    return typeof value === 'object' ? toCompactJson(value) : toStringValue(value);
  });
}

/**
 * `variables` and `settings`, plus each variable by its own name: `K` directly, and a dotted name
 * (`ci.build_id`) as nested members, as BK-CI's execution context is built from the variable map.
 */
function expressionContexts(sources: SubstitutionSources): ExpressionContexts {
  const contexts: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(sources.variables)) setMember(contexts, name.split('.'), value);
  contexts.variables = sources.variables;
  contexts.settings = sources.settings;
  return contexts;
}

/** Sets `path` in `node` unless a part is not a plain name or an earlier variable already holds the place. */
function setMember(node: Record<string, unknown>, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (!isLegalKeyword(head) || head === '__proto__') return;
  if (rest.length === 0) {
    if (!Object.hasOwn(node, head)) node[head] = value;
    return;
  }
  if (!Object.hasOwn(node, head)) node[head] = Object.create(null);
  const next = node[head];
  if (typeof next === 'object' && next !== null) setMember(next as Record<string, unknown>, rest, value);
}
