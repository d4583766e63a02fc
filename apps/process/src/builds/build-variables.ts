/**
 * The variables BK-CI gives every build (process `utils/Constants.kt`), by their BK-CI names. The
 * engine writes them at start; steps read them as environment variables and `${{ }}` contexts.
 */
export const BuildVariable = {
  PROJECT_NAME: 'BK_CI_PROJECT_NAME',
  PROJECT_NAME_CN: 'BK_CI_PROJECT_NAME_CN',
  PIPELINE_ID: 'BK_CI_PIPELINE_ID',
  PIPELINE_NAME: 'BK_CI_PIPELINE_NAME',
  PIPELINE_VERSION: 'BK_CI_PIPELINE_VERSION',
  PIPELINE_CREATE_USER: 'BK_CI_PIPELINE_CREATE_USER',
  PIPELINE_UPDATE_USER: 'BK_CI_PIPELINE_UPDATE_USER',
  BUILD_ID: 'BK_CI_BUILD_ID',
  BUILD_NUM: 'BK_CI_BUILD_NUM',
  BUILD_NO: 'BK_CI_BUILD_NO',
  BUILD_MSG: 'BK_CI_BUILD_MSG',
  BUILD_START_TIME: 'BK_CI_BUILD_START_TIME',
  START_TYPE: 'BK_CI_START_TYPE',
  START_CHANNEL: 'BK_CI_START_CHANNEL',
  START_USER_ID: 'BK_CI_START_USER_ID',
  START_USER_NAME: 'BK_CI_START_USER_NAME',
  IS_MOBILE: 'BK_CI_IS_MOBILE',
  /** BK-CI PIPELINE_BUILD_DEBUG: not BK_CI_-prefixed in BK-CI either. */
  BUILD_DEBUG: 'ci.debug',
} as const;

/** BK-CI BuildMsgUtils' message for a manual start without one (its English text). */
export const MANUAL_BUILD_MSG = 'Manual';

/** BK-CI BUILD_MSG_TIME (2101150), the message of a timer's build (its English text). */
export const TIMER_BUILD_MSG = 'Timing trigger';

/** BK-CI BuildMsgUtils' message for a build a sub-pipeline step started (BUILD_MSG_PIPELINE's English text). */
export const PIPELINE_BUILD_MSG = 'Pipeline trigger';

/** The variables BK-CI gives a build another build's step started (process `utils/Constants.kt`, PIPELINE_START_PARENT_*). */
export const ParentVariable = {
  PROJECT_ID: 'BK_CI_PARENT_PROJECT_ID',
  PIPELINE_ID: 'BK_CI_PARENT_PIPELINE_ID',
  PIPELINE_NAME: 'BK_CI_PARENT_PIPELINE_NAME',
  BUILD_ID: 'BK_CI_PARENT_BUILD_ID',
  BUILD_NUM: 'BK_CI_PARENT_BUILD_NUM',
  BUILD_TASK_ID: 'BK_CI_PARENT_BUILD_TASK_ID',
  EXECUTE_COUNT: 'BK_CI_PARENT_EXECUTE_COUNT',
  START_PIPELINE_USER_ID: 'BK_CI_START_PIPELINE_USER_ID',
  /** `syn` or `asyn`. */
  SUB_RUN_MODE: 'BK_CI_SUB_PIPELINE_RUN_MODE',
} as const;
