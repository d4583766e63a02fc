import type { Container } from '@bkci/pipeline-model';
import { isMachineTask } from '../build-detail';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';

/**
 * BK-CI's record of a matrix job (VMBuildContainer.groupContainers, updateMatrixGroupStatus): its
 * children as containers under it — each the child's configuration (`matrixGroupId`, its
 * `matrixContext`) with its runtime state, its steps as `matrixStatus` elements naming the step
 * they stand for (`originClassType`, `originAtomCode`, `originTaskAtom`) — and the matrix option's
 * `totalCount` and `finishCount`. Empty before the matrix expanded.
 */
export function matrixGroupView(parent: BuildContainerEntity, containers: BuildContainerEntity[], tasks: BuildTaskEntity[]): Pick<Container, 'groupContainers' | 'matrixControlOption'> {
  const children = containers.filter((c) => c.matrixGroupId === parent.containerId).sort((a, b) => a.seq - b.seq);
  const option = (parent.conditions as { matrixControlOption?: object | null }).matrixControlOption ?? {};
  const finished = children.filter((c) => c.endTime !== null).length;
  return {
    matrixControlOption: { ...option, totalCount: children.length, finishCount: finished },
    groupContainers: children.map((child) => {
      const childTasks = tasks.filter((t) => t.containerId === child.containerId).sort((a, b) => a.taskSeq - b.taskSeq);
      const startVM = childTasks.find((t) => t.taskId.startsWith('startVM-'));
      return {
        ...child.conditions,
        '@type': child.containerType,
        status: child.status,
        startEpoch: child.startTime?.getTime() ?? null,
        executeCount: child.executeCount,
        statusReason: child.statusReason,
        ...(startVM ? { startVMStatus: startVM.status } : {}),
        elements: childTasks
          .filter((t) => !isMachineTask(t.taskId))
          .map((t) => ({
            '@type': 'matrixStatus',
            id: t.taskId,
            name: t.taskName,
            stepId: t.stepId,
            status: t.status,
            startEpoch: t.startTime?.getTime() ?? null,
            executeCount: t.executeCount,
            statusReason: t.statusReason,
            originClassType: t.taskType,
            originAtomCode: t.atomCode,
            originTaskAtom: t.taskAtom,
          })),
      };
    }),
  };
}
