import { map, YamlMap } from './coerce';
import { duplicateError, templateItems } from './expand-jobs';
import { buildVariable } from './pre-objects';
import { ExpansionContext, Frame } from './template-context';

/**
 * Expands a `variables:` map. `template: [{name, parameters}]` entries are inlined in place; a
 * name that a template brings in twice, or that clashes with an inline one, is DUPLICATE_ID.
 */
export async function expandVariables(ctx: ExpansionContext, frame: Frame, value: unknown): Promise<Map<string, YamlMap>> {
  const variables = map(frame.file.id, 'variable', value);
  const inline = new Set(Object.keys(variables).filter((key) => key !== 'template'));
  const out = new Map<string, YamlMap>();
  for (const [key, raw] of Object.entries(variables)) {
    if (key !== 'template') {
      out.set(key, buildVariable(frame.file.id, key, raw));
      continue;
    }
    for (const item of templateItems(frame, 'variable', raw)) {
      const instance = await ctx.instantiate('variable', frame, item.path, item.caller);
      const expanded = await expandVariables(ctx, instance.frame, instance.data.variables);
      const clashes = [...expanded.keys()].filter((name) => out.has(name) || inline.has(name));
      if (clashes.length > 0) duplicateError(frame, clashes, instance.file.id);
      for (const [name, variable] of expanded) out.set(name, variable);
    }
  }
  return out;
}
