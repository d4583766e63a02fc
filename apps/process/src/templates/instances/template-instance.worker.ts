import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { DomainError } from '@bkci/core';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { emitEvent, EventPayload, INSTANCE_BATCH_REQUESTED, INSTANCE_ITEMS_REQUESTED } from '@bkci/contracts';
import { TemplateInstanceBaseEntity } from './entities/template-instance-base.entity';
import { TemplateInstanceItemEntity } from './entities/template-instance-item.entity';
import { DeployTarget, InstanceDeployer, TemplateSource } from './instance-deployer';
import { TemplateInstanceRepository } from './template-instance.repository';
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
    private readonly batches: TemplateInstanceRepository,
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
      const bases = await this.batches.unfinishedBatches(manager);
      for (const base of bases) {
        if (base.status === 'INIT') {
          emitEvent(emit, INSTANCE_BATCH_REQUESTED, { baseId: base.id });
          continue;
        }
        const pending = await this.batches.pendingItemIds(base.id, manager);
        for (const chunk of chunks(pending, this.config.templateInstanceChunkSize)) emitEvent(emit, INSTANCE_ITEMS_REQUESTED, { baseId: base.id, itemIds: chunk });
      }
      if (bases.length > 0) this.logger.log(`Resuming ${bases.length} unfinished template instantiation batch(es)`);
    });
  }

  async startBatch({ baseId }: EventPayload<typeof INSTANCE_BATCH_REQUESTED>): Promise<void> {
    const base = await this.batches.batchById(baseId);
    if (!base || base.status !== 'INIT') return;
    const lock = await this.locks.acquire(batchLockKey(base.projectId, base.templateId), { ttlMs: 10_000, waitMs: 10_000 });
    try {
      await this.outbox.transaction(async (tx) => {
        if (await this.batches.templateRunning(base.projectId, base.templateId, tx.manager)) return;
        if (!(await this.batches.start(baseId, tx.manager))) return;
        const pending = await this.batches.pendingItemIds(baseId, tx.manager);
        for (const chunk of chunks(pending, this.config.templateInstanceChunkSize)) emitEvent(tx.emit, INSTANCE_ITEMS_REQUESTED, { baseId, itemIds: chunk });
        if (pending.length === 0) await this.finishIfDone(tx, baseId);
      });
    } finally {
      await lock.release();
    }
  }

  async runItems({ baseId, itemIds }: EventPayload<typeof INSTANCE_ITEMS_REQUESTED>): Promise<void> {
    const base = await this.batches.runningBatch(baseId);
    const items = await this.batches.pendingItems(itemIds);
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
        await this.deployer.write(tx, source, prepared);
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
        await this.deployer.write(tx, source, prepared);
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
    const marked = await this.batches.markItems(itemIds, status, errorMessage, tx.manager);
    if (marked !== itemIds.length) throw new ItemAlreadyDone();
    await this.batches.countSettled(baseId, status, itemIds.length, tx.manager);
    await this.finishIfDone(tx, baseId);
  }

  /** Closes a batch whose items are all settled and asks for the template's next waiting batch. */
  private async finishIfDone(tx: OutboxTransaction, baseId: string): Promise<void> {
    const base = await this.batches.requireBatch(baseId, tx.manager);
    if (base.successItemNum + base.failItemNum < base.totalItemNum) return;
    const status = base.failItemNum === 0 ? 'SUCCESS' : base.successItemNum === 0 ? 'FAILED' : 'PARTIAL_SUCCESS';
    if (!(await this.batches.close(baseId, status, tx.manager))) return;
    const next = await this.batches.nextWaiting(base.projectId, base.templateId, tx.manager);
    if (next) emitEvent(tx.emit, INSTANCE_BATCH_REQUESTED, { baseId: next.id });
  }
}
