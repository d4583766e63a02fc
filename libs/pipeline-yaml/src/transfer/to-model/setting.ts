import type { PipelineAsCodeSettings, PipelineSetting, Subscription } from '@bkci/pipeline-model';
import { DEFAULT_CONCURRENCY_GROUP } from '@bkci/pipeline-model';
import * as D from '../common/defaults';
import { CHAT_NOTICE, NOTICE_TYPES } from '../common/notices';
import type { YamlMap } from '../types';
import { asBool, asInt, asMap, asString, asStringList } from './context';

/** The pipeline-level keys → the setting (BK-CI `ModelTransfer.yaml2Setting`); labels stay names here. */
export function yamlToSetting(yaml: YamlMap): PipelineSetting {
  const concurrency = asMap(yaml.concurrency);
  const group = asString(concurrency.group);
  const notices = Array.isArray(yaml.notices) ? yaml.notices.map(asMap) : [];
  const setting: PipelineSetting = {
    pipelineName: asString(yaml.name) ?? '',
    desc: asString(yaml.desc) ?? '',
    labels: asStringList(yaml.label) ?? [],
    buildNumRule: asString(yaml['custom-build-num']) ?? null,
    runLockType: yaml['disable-pipeline'] === true ? 'LOCK' : group !== undefined ? 'GROUP_LOCK' : 'MULTIPLE',
    concurrencyGroup: group ?? DEFAULT_CONCURRENCY_GROUP,
    concurrencyCancelInProgress: asBool(concurrency['cancel-in-progress']) ?? false,
    waitQueueTimeMinute: asInt(concurrency['queue-timeout-minutes']) ?? D.DEFAULT_WAIT_QUEUE_TIME_MINUTE,
    maxQueueSize: asInt(concurrency['queue-length']) ?? D.DEFAULT_MAX_QUEUE_SIZE,
    maxConRunningQueueSize: asInt(concurrency['max-parallel']) ?? D.DEFAULT_MAX_CON_RUNNING_QUEUE_SIZE,
    successSubscriptionList: notices.filter((n) => n.if === undefined || n.if === 'SUCCESS').map(toSubscription),
    failSubscriptionList: notices.filter((n) => n.if === undefined || n.if === 'FAILURE').map(toSubscription),
    failIfVariableInvalid: asBool(yaml['fail-if-variable-invalid']) ?? false,
    buildCancelPolicy: yaml['cancel-policy'] === 'RESTRICTED' ? 'RESTRICTED' : 'EXECUTE_PERMISSION',
  };
  const dialect = dialectSetting(asString(yaml['syntax-dialect']));
  if (dialect) setting.pipelineAsCodeSettings = dialect;
  return setting;
}

function toSubscription(notice: YamlMap): Subscription {
  const types = asStringList(notice.type) ?? [];
  const chatIds = asStringList(notice['chat-id']) ?? [];
  return {
    types: types.filter((type) => type !== CHAT_NOTICE).map((type) => NOTICE_TYPES[type] ?? 'RTX'),
    groups: asStringList(notice.groups) ?? [],
    users: (asStringList(notice.receivers) ?? []).join(','),
    wechatGroupFlag: types.includes(CHAT_NOTICE),
    wechatGroup: chatIds.join(','),
    wechatGroupMarkdownFlag: notice['content-format'] === 'markdown',
    detailFlag: asBool(notice['attach-build-url']) ?? false,
    content: asString(notice.content) ?? '',
  };
}

function dialectSetting(dialect: string | undefined): PipelineAsCodeSettings | undefined {
  if (dialect === 'INHERIT') return { inheritedDialect: true };
  if (dialect === 'CLASSIC') return { inheritedDialect: false, pipelineDialect: 'CLASSIC' };
  if (dialect === 'CONSTRAINT') return { inheritedDialect: false, pipelineDialect: 'CONSTRAINED' };
  return undefined;
}
