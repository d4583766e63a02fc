import type { Container, Element, Model } from '@bkci/pipeline-model';

/** Step types the build agent runs (bash on the agent's machine). */
const AGENT_STEP_TYPES: ReadonlySet<string> = new Set(['linuxScript']);
/** Step types of agentless jobs the engine runs itself. */
const ENGINE_STEP_TYPES: ReadonlySet<string> = new Set<string>(['manualReviewUserTask', 'subPipelineCall']);

const enabled = (options: { enable?: boolean | null } | null | undefined) => options?.enable !== false;

/**
 * Why each enabled step of the model cannot run here (empty when all can): a build job's step the
 * agent has no runner for (a store plugin, `windowsScript`), or an agentless job's step the engine
 * does not run. A build with any is refused before it starts, naming them, rather than failing midway.
 */
export function unrunnableSteps(model: Model): string[] {
  const problems: string[] = [];
  model.stages.slice(1).forEach((stage) => {
    if (!enabled(stage.stageControlOption)) return;
    for (const job of stage.containers) {
      if (!enabled((job as { jobControlOption?: { enable?: boolean | null } | null }).jobControlOption)) continue;
      for (const step of job.elements.filter((element) => enabled(element.additionalOptions))) {
        const problem = whyNot(job, step);
        if (problem) problems.push(`step "${step.name ?? step['@type']}" of job "${job.name ?? job.containerHashId ?? ''}": ${problem}`);
      }
    }
  });
  return problems;
}

function whyNot(job: Container, step: Element): string | null {
  const type = step['@type'] === 'marketBuild' || step['@type'] === 'marketBuildLess' ? `${step['@type']} ${String(step.atomCode ?? '')}`.trim() : step['@type'];
  if (job['@type'] === 'vmBuild') return AGENT_STEP_TYPES.has(step['@type']) ? null : `"${type}" cannot run on an agent here (agents run ${[...AGENT_STEP_TYPES].join(', ')})`;
  if (job['@type'] === 'normal') return ENGINE_STEP_TYPES.has(step['@type']) ? null : `"${type}" cannot run in an agentless job here`;
  return null;
}
