import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The working directory of a pipeline on this agent, `<workDir>/<pipelineId>`, created on first
 * use. The id must be one path segment: it comes from the server, and a `..` or a slash in it
 * would put a build's files outside workDir.
 */
export function pipelineWorkDir(workDir: string, pipelineId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(pipelineId) || pipelineId.includes('..')) {
    throw new Error(`not a pipeline id usable as a folder name: ${JSON.stringify(pipelineId)}`);
  }
  const dir = join(workDir, pipelineId);
  mkdirSync(dir, { recursive: true });
  return dir;
}
