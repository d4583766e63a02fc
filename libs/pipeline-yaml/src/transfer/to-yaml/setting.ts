import type { PipelineSetting, Subscription } from '@bkci/pipeline-model';
import * as D from '../common/defaults';
import { CHAT_NOTICE, NOTICE_TYPES } from '../common/notices';
import type { YamlMap } from '../types';

const NOTICE_NAMES = Object.fromEntries(Object.entries(NOTICE_TYPES).map(([yaml, model]) => [model, yaml]));

/** The setting → pipeline-level keys (BK-CI `TemplateModelTransfer.templateModel2yaml`, setting part). */
export function settingToYaml(setting: PipelineSetting): YamlMap {
  const yaml: YamlMap = {};
  if (setting.labels && setting.labels.length > 0) yaml.label = setting.labels;
  const notices = [
    ...(setting.successSubscriptionList ?? []).map((s) => notice(s, 'SUCCESS')),
    ...(setting.failSubscriptionList ?? []).map((s) => notice(s, 'FAILURE')),
  ];
  if (notices.length > 0) yaml.notices = notices;
  const concurrency = concurrencyOf(setting);
  if (concurrency) yaml.concurrency = concurrency;
  if (setting.runLockType === 'LOCK') yaml['disable-pipeline'] = true;
  if (setting.buildNumRule) yaml['custom-build-num'] = setting.buildNumRule;
  const dialect = setting.pipelineAsCodeSettings;
  if (dialect?.inheritedDialect) yaml['syntax-dialect'] = 'INHERIT';
  else if (dialect?.pipelineDialect) yaml['syntax-dialect'] = dialect.pipelineDialect === 'CLASSIC' ? 'CLASSIC' : 'CONSTRAINT';
  if (setting.failIfVariableInvalid) yaml['fail-if-variable-invalid'] = true;
  if (setting.buildCancelPolicy === 'RESTRICTED') yaml['cancel-policy'] = 'RESTRICTED';
  return yaml;
}

function notice(subscription: Subscription, when: 'SUCCESS' | 'FAILURE'): YamlMap {
  const types = subscription.types.map((type) => NOTICE_NAMES[type] ?? 'wework-message');
  if (subscription.wechatGroupFlag) types.push(CHAT_NOTICE);
  const yaml: YamlMap = { if: when, type: types };
  if (subscription.users) yaml.receivers = subscription.users.split(',');
  if (subscription.groups.length > 0) yaml.groups = subscription.groups;
  if (subscription.content) yaml.content = subscription.content;
  if (subscription.wechatGroup) yaml['chat-id'] = subscription.wechatGroup.split(',');
  if (subscription.wechatGroupMarkdownFlag) yaml['content-format'] = 'markdown';
  if (subscription.detailFlag) yaml['attach-build-url'] = true;
  return yaml;
}

/** BK-CI `ModelTransfer.makeConcurrency`: group locks carry the group and queue; MULTIPLE only its limits. */
function concurrencyOf(setting: PipelineSetting): YamlMap | undefined {
  const yaml: YamlMap = {};
  const put = (key: string, value: unknown, fallback: unknown): void => {
    if (value !== undefined && value !== null && value !== fallback) yaml[key] = value;
  };
  if (setting.runLockType === 'GROUP_LOCK' || setting.runLockType === 'LOCK') {
    yaml.group = setting.concurrencyGroup;
    put('cancel-in-progress', setting.concurrencyCancelInProgress, false);
    put('queue-length', setting.maxQueueSize, D.DEFAULT_MAX_QUEUE_SIZE);
  } else if (setting.runLockType === 'MULTIPLE') {
    put('max-parallel', setting.maxConRunningQueueSize, D.DEFAULT_MAX_CON_RUNNING_QUEUE_SIZE);
  } else {
    return undefined;
  }
  put('queue-timeout-minutes', setting.waitQueueTimeMinute, D.DEFAULT_WAIT_QUEUE_TIME_MINUTE);
  return Object.keys(yaml).length > 0 ? yaml : undefined;
}
