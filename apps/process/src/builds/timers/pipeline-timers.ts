import { Model, TimerTriggerElement, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineTimerEntity } from './pipeline-timer.entity';
import { CronError, nextFireTime, parseCron } from './quartz-cron';

/**
 * BK-CI TimerTriggerElement.convertExpressions: the basic rule's expressions with their second set
 * to 0, the advanced ones with `${param}` replaced by the params' defaults and split on new lines,
 * or the old single `expression` when neither is given.
 */
export function timerExpressions(element: TimerTriggerElement, params: Record<string, string>): string[] {
  const basic = element.newExpression ?? [];
  const advanced = element.advanceExpression ?? [];
  if (basic.length === 0 && advanced.length === 0) return element.expression ? [element.expression.trim()] : [];
  const expressions = new Set<string>();
  for (const expression of basic) {
    const parts = expression.trim().split(/\s+/);
    // A 5-field UNIX expression has no second to set; it is converted as it is.
    if (parts.length >= 6) parts[0] = '0';
    expressions.add(parts.join(' '));
  }
  for (const expression of advanced) {
    const replaced = expression.replace(/\$\{([^{}]+)\}/g, (whole, name: string) => params[name.trim()] ?? whole);
    for (const line of replaced.split('\n')) if (line.trim() !== '') expressions.add(line.trim());
  }
  return [...expressions];
}

/** BK-CI convertStartParams: `[{key, value}]` as JSON text; anything else gives no values. */
export function timerStartParams(text: string | null | undefined): Record<string, string> {
  if (!text?.trim()) return {};
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return {};
    const entries = list.filter((item): item is { key: unknown; value?: unknown } => typeof item === 'object' && item !== null && 'key' in item);
    return Object.fromEntries(entries.map((item) => [String(item.key), item.value === undefined || item.value === null ? '' : String(item.value)]));
  } catch {
    return {};
  }
}

/** The next time any of the expressions fires after `after`; expressions that cannot be read never fire. */
export function nextFireOf(expressions: string[], after: Date): Date | null {
  let earliest: Date | null = null;
  for (const expression of expressions) {
    let next: Date | null;
    try {
      next = nextFireTime(parseCron(expression), after);
    } catch (error) {
      if (error instanceof CronError) continue;
      throw error;
    }
    if (next && (!earliest || next < earliest)) earliest = next;
  }
  return earliest;
}

/** The timers a released model registers: one per enabled timer trigger with an expression. */
export function timersOf(projectId: string, pipelineId: string, model: Model, startUser: string, now: Date): PipelineTimerEntity[] {
  const trigger = model.stages[0]?.containers[0] as TriggerContainer | undefined;
  if (!trigger) return [];
  const params = Object.fromEntries((trigger.params ?? []).map((param) => [param.id, String(param.defaultValue ?? '')]));
  const elements = trigger.elements.filter((element): element is TimerTriggerElement => element['@type'] === 'timerTrigger' && element.additionalOptions?.enable !== false && !!element.id);
  return elements.flatMap((element) => {
    const crontabExpressions = timerExpressions(element, params);
    if (crontabExpressions.length === 0) return [];
    return [{ pipelineId, projectId, taskId: element.id as string, startUser, crontabExpressions, startParams: timerStartParams(element.startParams), nextFireTime: nextFireOf(crontabExpressions, now) }];
  });
}
