import type { Container, DispatchType, JobControlOption, Model, MutexGroup, NameAndValue } from '@bkci/pipeline-model';
import { jobTaskRows, newPrefixedId } from '../build-rows';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { replaceMatrixVariables } from './matrix-config';

/** What a matrix job's children are made from. */
export interface MatrixChildrenInput {
  /** The matrix job's row. */
  parent: BuildContainerEntity;
  /** The matrix job as the version's model has it (its steps are the children's). */
  container: Container;
  /** The cases, `matrix.<key>` → value (matrix-config.ts matrixCases). */
  cases: Record<string, string>[];
  userId: string;
}

/**
 * BK-CI InitializeMatrixGroupStageCmd.generateMatrixGroup: one job per case, in the case order,
 * numbered as BK-CI numbers them — container seq id `parent*1000 + i` (i from 1), jobId
 * `{parentJobId}.{i-1}`, a fresh `c-` hash id — each with its own copy of the steps under fresh
 * `e-` ids (BK-CI's ModelTaskIdGenerator gives every child task a new id; a build's task ids stay
 * unique). A child is the matrix job's configuration with the case put in: `customEnv` (what the
 * worker's `started` hands the agent as variables) holds the job's own env and the case's
 * `matrix.<key>` values, its name, mutex group and agent/dispatch values have them replaced, and
 * it depends on nothing (the matrix job waited for its dependencies already).
 */
export function matrixChildren(input: MatrixChildrenInput): { containers: BuildContainerEntity[]; tasks: BuildTaskEntity[] } {
  const { parent, container, cases } = input;
  const containers: BuildContainerEntity[] = [];
  const tasks: BuildTaskEntity[] = [];
  const { elements, matrixControlOption: _option, groupContainers: _children, ...config } = container;
  const vm = container['@type'] === 'vmBuild';
  const customEnv = (config.customEnv as NameAndValue[] | null | undefined) ?? [];
  cases.forEach((matrixCase, index) => {
    const seq = Number(parent.containerId) * 1000 + index + 1;
    const containerId = String(seq);
    const containerHashId = newPrefixedId('c-');
    const jobId = parent.jobId === null ? null : `${parent.jobId}.${index}`;
    const context: Record<string, string> = {};
    for (const { key, value } of customEnv) if (key) context[key] = value ?? '';
    Object.assign(context, matrixCase);
    const put = (text: string | null | undefined) => (typeof text === 'string' ? replaceMatrixVariables(text, context) : text);
    const jobControlOption = config.jobControlOption as JobControlOption | null | undefined;
    const mutexGroup = config.mutexGroup as MutexGroup | null | undefined;
    const dispatchType = config.dispatchType as DispatchType | null | undefined;
    const childConfig: Record<string, unknown> = {
      ...config,
      id: containerId,
      containerId,
      containerHashId,
      jobId,
      name: put(container.name),
      matrixGroupFlag: false,
      matrixGroupId: parent.containerId,
      matrixContext: matrixCase,
      jobControlOption: jobControlOption && { ...jobControlOption, dependOnType: null, dependOnId: null, dependOnName: null, dependOnContainerId2JobIds: null },
      mutexGroup: mutexGroup && { ...mutexGroup, mutexGroupName: put(mutexGroup.mutexGroupName), linkTip: put(mutexGroup.linkTip as string | null | undefined) },
    };
    if (vm) {
      Object.assign(childConfig, {
        customEnv: Object.entries(context).map(([key, value]) => ({ key, value })),
        dispatchType: dispatchType && { ...dispatchType, value: put(dispatchType.value) },
        thirdPartyAgentId: put(config.thirdPartyAgentId as string | null | undefined),
        thirdPartyAgentEnvId: put(config.thirdPartyAgentEnvId as string | null | undefined),
        thirdPartyWorkspace: put(config.thirdPartyWorkspace as string | null | undefined),
      });
    }
    containers.push({
      buildId: parent.buildId,
      projectId: parent.projectId,
      pipelineId: parent.pipelineId,
      stageId: parent.stageId,
      containerId,
      containerType: container['@type'],
      containerHashId,
      jobId,
      seq,
      status: 'QUEUE',
      executeCount: parent.executeCount,
      startTime: null,
      endTime: null,
      conditions: childConfig,
      matrixGroupFlag: false,
      matrixGroupId: parent.containerId,
      statusReason: null,
    });
    const child = { ...childConfig, '@type': container['@type'], elements } as Container;
    const ids = { buildId: parent.buildId, projectId: parent.projectId, pipelineId: parent.pipelineId, stageId: parent.stageId, containerId, containerHashId, seq, userId: input.userId, executeCount: parent.executeCount };
    tasks.push(...jobTaskRows(child, ids, () => newPrefixedId('e-')));
  });
  return { containers, tasks };
}

/** The job with seq id `containerId` in the model (seq ids count the containers across stages from 0, as build-rows.ts numbers them). */
export function modelContainerAt(model: Model, containerId: string): Container | null {
  let seq = 0;
  for (const stage of model.stages) {
    for (const container of stage.containers) if (String(seq++) === containerId) return container;
  }
  return null;
}
