import { Injectable } from '@nestjs/common';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import { AtomProp, builtInAtomProps } from './built-in-atom-props';

/** BK-CI PipelineTemplateAtomService: the props of the plugins a template version uses. */
@Injectable()
export class TemplateAtomService {
  constructor(private readonly templates: TemplateRepository) {}

  /** At `version`, or at the latest release when none is given. */
  async propList(projectId: string, templateId: string, version: number | undefined): Promise<Record<string, AtomProp> | null> {
    const info = await this.templates.info(projectId, templateId);
    const wanted = version ?? info.releasedVersion;
    if (wanted === null) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release; name a version`, { templateId });
    const row = await this.templates.version(projectId, templateId, wanted);
    return builtInAtomProps(row.type, row.model);
  }
}
