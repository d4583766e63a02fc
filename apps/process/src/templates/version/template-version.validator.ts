import { Injectable } from '@nestjs/common';
import { Model } from '@bkci/pipeline-model';
import { VersionValidator } from '@bkci/template-version';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import { TemplateVersionContext } from './template-version.context';

/**
 * BK-CI PipelineTemplateVersionValidator, for what the converters cannot check on their own: the
 * name (unique per project) and what a release needs. Models from clients are checked where they
 * enter (the converters), before YAML is made from them.
 */
@Injectable()
export class TemplateVersionValidator implements VersionValidator<TemplateVersionContext> {
  constructor(private readonly templates: TemplateRepository) {}

  async validate(context: TemplateVersionContext): Promise<void> {
    const name = context.content.setting.pipelineName;
    const renames = context.newTemplate !== null || context.action !== 'SAVE_DRAFT';
    if (renames && (await this.templates.nameTaken(context.projectId, name, context.newTemplate ? null : context.templateId))) {
      throw new TemplateError(TemplateErrorCode.NAME_EXISTS, `Another template in project ${context.projectId} is named "${name}"`, { name });
    }
    const releases = context.action !== 'SAVE_DRAFT';
    if (releases && context.type === 'PIPELINE' && (context.content.model as Model).stages.length < 2) {
      throw new TemplateError(TemplateErrorCode.MODEL_INVALID, 'stages: a released PIPELINE template needs at least one stage after the trigger stage');
    }
  }
}
