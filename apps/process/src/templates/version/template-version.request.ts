import type { Caller } from '@bkci/auth';
import type { PipelineSetting } from '@bkci/pipeline-model';
import { VersionChainError } from '@bkci/template-version';
import type { CopyTemplateDto, CustomCreateTemplateDto, ReleaseDraftDto, SaveDraftDto } from '../dto/template-requests.dto';

interface Scope {
  caller: Caller;
  projectId: string;
}

/** Every write of a template version, as the controllers hand it to the version manager. */
export type TemplateVersionRequest =
  | (Scope & { kind: 'CUSTOM_CREATE'; body: CustomCreateTemplateDto })
  | (Scope & { kind: 'DRAFT_SAVE'; templateId: string | null; body: SaveDraftDto })
  | (Scope & { kind: 'DRAFT_RELEASE'; templateId: string; version: number; body: ReleaseDraftDto })
  | (Scope & { kind: 'COPY'; body: CopyTemplateDto })
  | (Scope & { kind: 'ROLLBACK'; templateId: string; version: number; draftVersion: number | null })
  | (Scope & { kind: 'RELEASE_CREATE'; templateId: string | null; model: unknown; versionName: string | null; setting?: PipelineSetting })
  | (Scope & { kind: 'MARKET_INSTALL'; srcTemplateId: string; srcVersion: number | null; copySetting: boolean; name: string | null })
  | (Scope & { kind: 'YAML_WEBHOOK'; filePath: string; yaml: string; branch: string; isDefaultBranch: boolean; commitMessage: string });

export type RequestOf<K extends TemplateVersionRequest['kind']> = Extract<TemplateVersionRequest, { kind: K }>;

/**
 * `request` as the kind a converter handles. The manager hands a converter only requests its
 * `supports` accepted, so another kind is a wiring mistake (VersionChainError), not bad input.
 */
export function requestOfKind<K extends TemplateVersionRequest['kind']>(request: TemplateVersionRequest, kind: K): RequestOf<K> {
  if (!isKind(request, kind)) throw new VersionChainError(`a ${kind} converter was handed a ${request.kind} request`);
  return request;
}

function isKind<K extends TemplateVersionRequest['kind']>(request: TemplateVersionRequest, kind: K): request is RequestOf<K> {
  return request.kind === kind;
}
