/** BK-CI NodeType, stored by name. Only THIRDPARTY nodes are made here (agents import into them). */
export const NODE_TYPES = ['CMDB', 'DEVCLOUD', 'THIRDPARTY', 'CREATE', 'OTHER', 'UNKNOWN', 'DEVX'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** BK-CI NodeStatus, stored by name. A deleted node keeps its row with status DELETED. */
export const NODE_STATUSES = [
  'NORMAL',
  'ABNORMAL',
  'NOT_INSTALLED',
  'DELETED',
  'LOST',
  'CREATING',
  'RUNNING',
  'STARTING',
  'STOPPING',
  'STOPPED',
  'RESTARTING',
  'DELETING',
  'BUILDING_IMAGE',
  'BUILD_IMAGE_SUCCESS',
  'BUILD_IMAGE_FAILED',
  'NOT_IN_CC',
  'NOT_IN_CMDB',
  'UNKNOWN',
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];
