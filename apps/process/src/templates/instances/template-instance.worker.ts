import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '@bkci/auth';
import { DomainError } from '@bkci/core';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { emitEvent, EventPayload, INSTANCE_BATCH_REQUESTED, INSTANCE_ITEMS_REQUESTED } from '@bkci/contracts';
import { TemplateInstanceBaseEntity } from './entities/template-instance-base.entity';
import { TemplateInstanceItemEntity } from './entities/template-instance-item.entity';
import { DeployTarget, InstanceDeployer, TemplateSource } from './instance-deployer';
import { TemplateInstanceService } from './template-instance.service';
import { PROCESS_CONFIG, ProcessConfig } from '../../process.config';

/** BK-CI's pipeline.template.instance.lock: one batch of a template starts at a time. */
const batchLockKey = (projectId: string, templateId: string) => `pipeline.template.instance.lock.${projectId}.${templateId}`;

/** An item another delivery already finished: its transaction is rolled back and nothing is written. */
class ItemAlreadyDone extends Error {}

/**
 * Items are asked for in chunks (one event each) and a chunk is written in one transaction when
 * all its items succeed: a commit per pipeline would dominate the batch. When any fails, the chunk
 * is redone item by item, so one bad item never takes the others down with it.
 */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What one item of a batch asks the deployer for. */
function target(base: TemplateInstanceBaseEntity, item: TemplateInstanceItemEntity): DeployTarget {
  return { kind: base.type, pipelineId: item.pipelineId, request: item.request, useTemplateSettings: base.useTemplateSettings };
}

/**
 * Runs asynchronous instantiation batches (BK-CI PipelineTemplateInstanceListener), one batch per
 * template at a time; the next waits as INIT and starts when the running one finishes.
 *
 * Every step is a state change guarded in the database, so a redelivered or repeated event is
 * harmless: a batch starts only from INIT, an item is instantiated only from INIT (its pipeline id
 * was fixed when the batch was accepted, so a second attempt cannot create a second pipeline),
 * and a pipeline, its relation, the item's SUCCESS and the batch's count commit together. At start
 * the worker asks again for every unfinished batch and item, so nothing in flight when the app or
 * the broker went down is left behind.
 */
@Injectable()
export class TemplateInstanceWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(TemplateInstanceWorker.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly locks: LockService,
    private readonly instances: TemplateInstanceService,
    private readonly deployer: InstanceDeployer,
    @Inject(PROCESS_CONFIG.token) private readonly config: ProcessConfig,
  ) {}

  /** Events are consumed by TemplateInstanceConsumer, whose subscription is up before this runs. */
  async onApplicationBootstrap(): Promise<void> {
    await this.resumeUnfinished();
  }

  private async resumeUnfinished(): Promise<void> {
    await this.outbox.transaction(async ({ manager, emit }) => {
      const bases = await manager.findBy(TemplateInstanceBaseEntity, { status: In(['INIT', 'INSTANCING']) });
      for (const base of bases) {
        if (base.status === 'INIT') {
          emitEvent(emit, INSTANCE_BATCH_REQUESTED, { baseId: base.id });
          continue;
        }
        const pending = await manager.find(TemplateInstanceItemEntity, { select: { id: true }, where: { baseId: base.id, status: 'INIT' } });
        for (const chunk of chunks(pending, this.config.templateInstanceChunkSize)) emitEvent(emit, INSTANCE_ITEMS_REQUESTED, { baseId: base.id, itemIds: chunk.map((item) => item.id) });
      }
      if (bases.length > 0) this.logger.log(`Resuming ${bases.length} unfinished template instantiation batch(es)`);
    });
  }

  async startBatch({ baseId }: EventPayload<typeof INSTANCE_BATCH_REQUESTED>): Promise<void> {
    const base = await this.dataSource.manager.findOneBy(TemplateInstanceBaseEntity, { id: baseId });
    if (!base || base.status !== 'INIT') return;
    const lock = await this.locks.acquire(batchLockKey(base.projectId, base.templateId), { ttlMs: 10_000, waitMs: 10_000 });
    try {
      await this.outbox.transaction(async ({ manager, emit }) => {
        const running = await manager.existsBy(TemplateInstanceBaseEntity, { projectId: base.projectId, templateId: base.templateId, status: 'INSTANCING' });
        if (running) return;
        const started = await manager.update(TemplateInstanceBaseEntity, { id: baseId, status: 'INIT' }, { status: 'INSTANCING', updatedAt: new Date() });
        if (!started.affected) return;
        const pending = await manager.find(TemplateInstanceItemEntity, { select: { id: true }, where: { baseId, status: 'INIT' }, order: { createdAt: 'ASC', id: 'ASC' } });
        for (const chunk of chunks(pending, this.config.templateInstanceChunkSize)) emitEvent(emit, INSTANCE_ITEMS_REQUESTED, { baseId, itemIds: chunk.map((item) => item.id) });
        if (pending.length === 0) await this.finishIfDone(manager, emit, baseId);
      });
    } finally {
      await lock.release();
    }
  }

  async runItems({ baseId, itemIds }: EventPayload<typeof INSTANCE_ITEMS_REQUESTED>): Promise<void> {
    const manager = this.dataSource.manager;
    const base = await manager.findOneBy(TemplateInstanceBaseEntity, { id: baseId, status: 'INSTANCING' });
    const items = await manager.find(TemplateInstanceItemEntity, { where: { id: In(itemIds), status: 'INIT' }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (!base || items.length === 0) return;
    const caller: Caller = { userId: base.creator, issuer: 'process', appCode: null, admin: false };
    let source: TemplateSource;
    try {
      source = await this.instances.source(base.projectId, base.templateId, base.templateVersion);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const item of items) await this.settleFailed(base.id, item.id, error.message);
      return;
    }
    try {
      const prepared = await this.deployer.prepare(caller, source, items.map((item) => target(base, item)));
      await this.outbox.transaction(async (tx) => {
        await this.deployer.write(tx.manager, source, prepared);
        await this.settle(tx, base.id, items.map((item) => item.id), 'SUCCESS', null);
      });
    } catch (error) {
      if (!(error instanceof DomainError) && !(error instanceof ItemAlreadyDone)) throw error;
      for (const item of items) await this.runItemAlone(base, item, caller, source);
    }
  }

  private async runItemAlone(base: TemplateInstanceBaseEntity, item: TemplateInstanceItemEntity, caller: Caller, source: TemplateSource): Promise<void> {
    try {
      const prepared = await this.deployer.prepare(caller, source, [target(base, item)]);
      await this.outbox.transaction(async (tx) => {
        await this.deployer.write(tx.manager, source, prepared);
        await this.settle(tx, base.id, [item.id], 'SUCCESS', null);
      });
    } catch (error) {
      if (error instanceof ItemAlreadyDone) return;
      if (!(error instanceof DomainError)) throw error;
      await this.settleFailed(base.id, item.id, error.message);
    }
  }

  private async settleFailed(baseId: string, itemId: string, errorMessage: string): Promise<void> {
    await this.outbox.transaction((tx) => this.settle(tx, baseId, [itemId], 'FAILED', errorMessage.slice(0, 1024))).catch((error: unknown) => {
      if (!(error instanceof ItemAlreadyDone)) throw error;
    });
  }

  /** Marks the items (only from INIT) and counts them on their batch; the last ones finish the batch. */
  private async settle(tx: OutboxTransaction, baseId: string, itemIds: string[], status: 'SUCCESS' | 'FAILED', errorMessage: string | null): Promise<void> {
    const marked = await tx.manager.update(TemplateInstanceItemEntity, { id: In(itemIds), status: 'INIT' }, { status, errorMessage, updatedAt: new Date() });
    if (marked.affected !== itemIds.length) throw new ItemAlreadyDone();
    await tx.manager.increment(TemplateInstanceBaseEntity, { id: baseId }, status === 'SUCCESS' ? 'successItemNum' : 'failItemNum', itemIds.length);
    await this.finishIfDone(tx.manager, tx.emit, baseId);
  }

  /** Closes a batch whose items are all settled and asks for the template's next waiting batch. */
  private async finishIfDone(manager: EntityManager, emit: OutboxTransaction['emit'], baseId: string): Promise<void> {
    const base = await manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId });
    if (base.successItemNum + base.failItemNum < base.totalItemNum) return;
    const status = base.failItemNum === 0 ? 'SUCCESS' : base.successItemNum === 0 ? 'FAILED' : 'PARTIAL_SUCCESS';
    const closed = await manager.update(TemplateInstanceBaseEntity, { id: baseId, status: 'INSTANCING' }, { status, updatedAt: new Date() });
    if (!closed.affected) return;
    const next = await manager.findOne(TemplateInstanceBaseEntity, {
      where: { projectId: base.projectId, templateId: base.templateId, status: 'INIT' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (next) emitEvent(emit, INSTANCE_BATCH_REQUESTED, { baseId: next.id });
  }
}
