import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AgentAction } from './agent-status';
import { AgentActionEntity } from './entities/agent-action.entity';
import { AgentOfflinePeriodEntity } from './entities/agent-offline-period.entity';

/** A page of rows and how many there are in all. */
interface RowPage<T> {
  rows: T[];
  total: number;
}

/**
 * An agent's history: its ONLINE/OFFLINE actions and the offline periods they open and close. A
 * period opens with OFFLINE and closes with the next ONLINE, so at most one is open per agent.
 */
@Injectable()
export class AgentHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the action and opens (OFFLINE) or closes (ONLINE) the agent's offline period. */
  async record(projectId: string, agentRowId: number, action: AgentAction, at: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AgentActionEntity, { projectId, agentId: agentRowId, action, actionTime: at });
    const open = await manager.findOneBy(AgentOfflinePeriodEntity, { agentId: agentRowId, onlineTime: IsNull() });
    if (action === 'OFFLINE' && !open) {
      await manager.insert(AgentOfflinePeriodEntity, { projectId, agentId: agentRowId, offlineTime: at, onlineTime: null, durationSeconds: null });
    } else if (action === 'ONLINE' && open) {
      const durationSeconds = Math.max(0, Math.round((at.getTime() - open.offlineTime.getTime()) / 1000));
      await manager.update(AgentOfflinePeriodEntity, { id: open.id }, { onlineTime: at, durationSeconds });
    }
  }

  /** The agent's actions, newest first. */
  async actions(agentRowId: number, page: number, pageSize: number): Promise<RowPage<AgentActionEntity>> {
    const [rows, total] = await this.dataSource.manager.findAndCount(AgentActionEntity, {
      where: { agentId: agentRowId },
      order: { actionTime: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { rows, total };
  }

  /** The agent's offline periods, newest first (an open one has no onlineTime). */
  async offlinePeriods(agentRowId: number, page: number, pageSize: number): Promise<RowPage<AgentOfflinePeriodEntity>> {
    const [rows, total] = await this.dataSource.manager.findAndCount(AgentOfflinePeriodEntity, {
      where: { agentId: agentRowId },
      order: { offlineTime: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { rows, total };
  }
}
