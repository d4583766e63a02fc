import { EnvNodeEntity } from './environments/entities/env-node.entity';
import { EnvOperateLogEntity } from './environments/entities/env-operate-log.entity';
import { EnvShareProjectEntity } from './environments/entities/env-share-project.entity';
import { EnvEntity } from './environments/entities/env.entity';
import { NodeTagKeyEntity } from './node-tags/entities/node-tag-key.entity';
import { NodeTagValueEntity } from './node-tags/entities/node-tag-value.entity';
import { NodeTagEntity } from './node-tags/entities/node-tag.entity';
import { NodeEntity } from './nodes/entities/node.entity';

/** The tables of environments, nodes and node tags, for the app's schema. */
export const ENVIRONMENT_ENTITIES = [NodeEntity, EnvEntity, EnvNodeEntity, EnvShareProjectEntity, EnvOperateLogEntity, NodeTagKeyEntity, NodeTagValueEntity, NodeTagEntity];
