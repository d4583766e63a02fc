import { MessagingTables1764000000000 } from '@bkci/messaging';
import { Projects1764000000001 } from './1764000000001-projects';
import { Pipelines1764100000000 } from './1764100000000-pipelines';
import { Templates1764100000001 } from './1764100000001-templates';
import { TemplateInstances1764100000002 } from './1764100000002-template-instances';
import { TemplatePacFiles1764100000003 } from './1764100000003-template-pac-files';
import { TemplateStore1764100000004 } from './1764100000004-template-store';
import { ResourceGroups1764100000005 } from './1764100000005-resource-groups';
import { RevisionWithoutDefault1764100000006 } from './1764100000006-revision-without-default';
import { Builds1764200000000 } from './1764200000000-builds';
import { StageStatusIndex1764200000050 } from './1764200000050-stage-status-index';
import { BuildDispatch1764300000000 } from './1764300000000-build-dispatch';
import { PipelineTimers1764300000010 } from './1764300000010-pipeline-timers';
import { BuildRecords1764300000300 } from './1764300000300-build-records';
import { JobMutexes1764300000400 } from './1764300000400-job-mutexes';

/** In the order they must run. */
export const PROCESS_MIGRATIONS = [MessagingTables1764000000000, Projects1764000000001, Pipelines1764100000000, Templates1764100000001, TemplateInstances1764100000002, TemplatePacFiles1764100000003, TemplateStore1764100000004, ResourceGroups1764100000005, RevisionWithoutDefault1764100000006, Builds1764200000000, StageStatusIndex1764200000050, BuildDispatch1764300000000, PipelineTimers1764300000010, BuildRecords1764300000300, JobMutexes1764300000400];
