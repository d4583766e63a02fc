/**
 * The lines a step prints to set values (BK-CI's worker reads them from both streams; they are
 * still logged): `::set-variable name=K::V` and `::set-output name=K::V`, optionally the whole
 * line in double quotes. The value is everything after the first `::` past the name, so it may
 * hold `::` itself.
 */
const COMMAND = /^"?::set-(variable|output)\sname=(.*)$/;

export interface OutputCommand {
  kind: 'variable' | 'output';
  name: string;
  value: string;
}

export function parseOutputCommand(line: string): OutputCommand | null {
  const match = COMMAND.exec(line);
  if (!match) return null;
  const rest = line.replace(/^"|"$/g, '').slice(`::set-${match[1]} name=`.length);
  const separator = rest.indexOf('::');
  if (separator < 0) return null;
  const name = rest.slice(0, separator);
  if (name === '') return null;
  return { kind: match[1] as OutputCommand['kind'], name, value: rest.slice(separator + 2) };
}

/**
 * The keys `complete`'s buildResult gives a command (the plan's rules): a variable is `K`; an
 * output of step S is `steps.S.outputs.K`, and `jobs.J.steps.S.outputs.K` when the job has an id.
 * A step without a step id has no outputs (BK-CI drops them too).
 */
export function resultKeys(command: OutputCommand, stepId: string | null | undefined, jobId: string | null | undefined): string[] {
  if (command.kind === 'variable') return [command.name];
  if (!stepId) return [];
  const key = `steps.${stepId}.outputs.${command.name}`;
  return jobId ? [key, `jobs.${jobId}.${key}`] : [key];
}
