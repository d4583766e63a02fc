/** Limits on template expansion, BK-CI's values by default; all can be tightened or loosened per call. */
export interface TemplateLimits {
  /** Nesting depth, counting the root file as 1 (BK-CI MAX_TEMPLATE_DEEP). */
  maxDepth: number;
  /** Template references in one file (BK-CI MAX_TEMPLATE_NUMB, which BK-CI never enforces; we do). */
  maxTemplatesPerFile: number;
  /** Size of any one YAML file, in bytes. */
  maxFileBytes: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  maxDepth: 5,
  maxTemplatesPerFile: 10,
  maxFileBytes: 1024 * 1024,
};
