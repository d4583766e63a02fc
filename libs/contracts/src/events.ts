import { EventPattern } from '@nestjs/microservices';
import type { DomainEvent, EventConsumerOptions, OutboxTransaction } from '@bkci/messaging';
import type { ActionType, BuildNoType, BuildStatus } from '@bkci/pipeline-model';

/*
 * Every topic on the bus and the payload it carries. A topic is written here once; publishers and
 * consumers import the constant, so a topic cannot be misspelt and a payload cannot drift from its type.
 */

/** `process` made a project (its creator is its first manager). */
export const PROJECT_CREATED = 'project.created';
/** Who-may-do-what changed in a project: every app's permission cache drops that project. */
export const PROJECT_PERMISSIONS_CHANGED = 'project.permissions.changed';
/** A batch of template instances is ready to start. */
export const INSTANCE_BATCH_REQUESTED = 'template.instance.batch';
/** Some items of a batch of template instances are ready to deploy. */
export const INSTANCE_ITEMS_REQUESTED = 'template.instance.items';
/** A template version was published to the store: installed copies may upgrade. */
export const STORE_VERSION_PUBLISHED = 'template.store.published';

/**
 * `process` queued a build (BK-CI PipelineBuildStartEvent, `engine.pipeline.build.start`): the
 * engine's start step (BuildStartControl) takes it from QUEUE to RUNNING. `taskId` is the trigger task.
 */
export const BUILD_START = 'process.build.start';
/** The engine moves a build to one of its stages (BK-CI PipelineBuildStageEvent, `engine.pipeline.build.stage`). */
export const BUILD_STAGE = 'process.build.stage';
/**
 * The engine starts (or refreshes) one job of a running stage (BK-CI PipelineBuildContainerEvent,
 * `engine.pipeline.build.container`).
 */
export const BUILD_CONTAINER = 'process.build.container';
/** A user stopped a build (BK-CI PipelineBuildCancelEvent, `engine.pipeline.build.cancel`). */
export const BUILD_CANCEL = 'process.build.cancel';
/** The engine ends a build with a final status (BK-CI PipelineBuildFinishEvent, `engine.pipeline.build.finish`). */
export const BUILD_FINISH = 'process.build.finish';

/*
 * Status events for quality, notify and any other listener (BK-CI's *BroadCastEvent family): a build,
 * stage, job or step started, finished (with its final status) or waits for a review. The engine emits
 * them in the transaction that makes the change, so a listener never hears of a change that was undone.
 */
/** A build started running or finished. */
export const BUILD_STATUS_CHANGED = 'process.status.build';
/** A stage started, finished, or waits for its check-in review. */
export const STAGE_STATUS_CHANGED = 'process.status.stage';
/** A job started or finished. */
export const JOB_STATUS_CHANGED = 'process.status.job';
/** A step started, finished, or waits for a manual review. */
export const STEP_STATUS_CHANGED = 'process.status.step';

/** `log` stored lines of a build (committed): live tails in every replica read from `lastLineNo` on. */
export const LOG_LINES_STORED = 'log.lines.stored';
/** `log` marked a build's log finished: live tails end once they have sent every line. */
export const LOG_FINISHED = 'log.finished';
/** `ticket` revoked a build's tokens (the build ended) or, with `vmSeqId`, one job's (the job ended): the gateway forgets them at once. */
export const BUILD_TOKENS_REVOKED = 'ticket.build-tokens.revoked';
/** The gateway revoked a personal access token: every gateway replica forgets its cached verification at once (broadcast). */
export const PERSONAL_ACCESS_TOKEN_REVOKED = 'openapi.personal-access-token.revoked';
/**
 * `environment` changed or removed an agent's credentials (agent deleted, re-installed): every gateway
 * forgets its cached verification of that agent at once (broadcast).
 */
export const AGENT_CREDENTIALS_REVOKED = 'environment.agent.credentials-revoked';
/**
 * Work is queued for an agent (the build engine emits it): whichever environment replica holds the
 * agent's long poll answers it at once (broadcast).
 */
export const AGENT_WORK_READY = 'environment.agent.work-ready';
/** `environment` deleted nodes: the agents feature deletes their agents, and the agents stop being able to act. */
export const NODES_DELETED = 'environment.nodes.deleted';

/** What every status event says: which build, which run of it, what happened and when. */
export interface BuildStatusEventBase {
  projectId: string;
  pipelineId: string;
  buildId: string;
  executeCount: number;
  /** STARTED, FINISHED (status is final), REVIEW_WAITING (a stage check-in or a manual review step waits). */
  phase: 'STARTED' | 'FINISHED' | 'REVIEW_WAITING';
  status: BuildStatus;
  /** Epoch milliseconds of the change. */
  time: number;
}

/** The payload of each topic. */
export interface EventPayloads {
  [PROJECT_CREATED]: { projectId: string; creator: string };
  [PROJECT_PERMISSIONS_CHANGED]: { projectId: string };
  [INSTANCE_BATCH_REQUESTED]: { baseId: string };
  [INSTANCE_ITEMS_REQUESTED]: { baseId: string; itemIds: string[] };
  [STORE_VERSION_PUBLISHED]: { templateId: string; version: number };
  [BUILD_START]: {
    projectId: string;
    pipelineId: string;
    buildId: string;
    taskId: string;
    actionType: ActionType;
    executeCount: number;
    buildNoType: BuildNoType | null;
    debug: boolean;
    userId: string;
  };
  [BUILD_STAGE]: { projectId: string; pipelineId: string; buildId: string; stageId: string; actionType: ActionType; executeCount: number };
  [BUILD_CONTAINER]: {
    projectId: string;
    pipelineId: string;
    buildId: string;
    stageId: string;
    containerId: string;
    containerHashId: string;
    containerType: string;
    actionType: ActionType;
    executeCount: number;
    /** The status of the last stage that finished before this job's (the finally stage's jobs decide on it). */
    previousStageStatus: BuildStatus | null;
    /** TERMINATE only: the status the job ends in (HEARTBEAT_TIMEOUT, EXEC_TIMEOUT, QUEUE_TIMEOUT, …) and why. */
    terminate?: { status: BuildStatus; reason: string };
  };
  [BUILD_CANCEL]: { projectId: string; pipelineId: string; buildId: string; userId: string };
  [BUILD_FINISH]: { projectId: string; pipelineId: string; buildId: string; status: BuildStatus; errorType: string | null; errorCode: number | null; errorMsg: string | null };
  [BUILD_STATUS_CHANGED]: BuildStatusEventBase & { buildNum: number; startUser: string };
  [STAGE_STATUS_CHANGED]: BuildStatusEventBase & { stageId: string };
  [JOB_STATUS_CHANGED]: BuildStatusEventBase & { stageId: string; containerId: string; containerHashId: string; jobId: string | null };
  [STEP_STATUS_CHANGED]: BuildStatusEventBase & { stageId: string; containerId: string; taskId: string; stepId: string | null; atomCode: string };
  [LOG_LINES_STORED]: { buildId: string; lastLineNo: number };
  [LOG_FINISHED]: { buildId: string };
  [BUILD_TOKENS_REVOKED]: { projectId: string; buildId: string; vmSeqId?: string };
  [AGENT_CREDENTIALS_REVOKED]: { projectId: string; agentId: string };
  [PERSONAL_ACCESS_TOKEN_REVOKED]: { tokenId: string };
  [AGENT_WORK_READY]: { projectId: string; agentId: string };
  [NODES_DELETED]: { projectId: string; nodeIds: number[]; userId: string };
}

export type Topic = keyof EventPayloads;
export type EventPayload<T extends Topic> = EventPayloads[T];

/** An event of one of the topics `T`; checking its `type` narrows its payload. */
export type TopicEvent<T extends Topic> = { [K in T]: DomainEvent<EventPayload<K>> & { type: K } }[T];

/** Emits an event inside an outbox transaction; it is published once the transaction commits. */
export function emitEvent<T extends Topic>(emit: OutboxTransaction['emit'], topic: T, payload: EventPayload<T>): void {
  emit(topic, payload);
}

/**
 * Declares a consumer: a method of a controller that the event bus calls with each event of
 * `topics` (the whole DomainEvent, its payload typed by its topic), from the app's queue
 * `<app>.<options.queue>`. A failed call is retried and finally parked by the bus.
 *
 *     @OnEvent(STORE_VERSION_PUBLISHED, { queue: 'template-store-upgrades' })
 *     upgrade(event: TopicEvent<typeof STORE_VERSION_PUBLISHED>): Promise<void>
 *
 * It is Nest's `@EventPattern`, with the topics checked against the contracts and the method's
 * signature checked against them.
 */
export function OnEvent<T extends Topic>(topics: T | T[], options: EventConsumerOptions) {
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<(event: TopicEvent<T>) => Promise<void>>) =>
    EventPattern(topics, { ...options })(target, key, descriptor);
}
