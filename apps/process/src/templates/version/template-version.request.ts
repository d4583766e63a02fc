import type { Caller } from '@bkci/auth';
import type { PipelineSetting } from '@bkci/pipeline-model';
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
