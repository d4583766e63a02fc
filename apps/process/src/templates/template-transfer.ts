import { BuildFormProperty, PipelineSetting, PipelineTemplateType, TemplateModel } from '@bkci/pipeline-model';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { TransferDto } from './dto/template-requests.dto';
import { checkModel, defaultSetting, invalid, paramsOf, readSetting } from './template-content';

/** BK-CI PTemplateModelTransferResult. */
export interface TransferResult {
  templateType: PipelineTemplateType;
  templateModel: TemplateModel;
  templateSetting: PipelineSetting;
  params: BuildFormProperty[];
  yamlWithVersion: string;
}

/** The editor's switch between the Model and the YAML view of a template (BK-CI `transfer`). */
export async function transferTemplate(workers: YamlWorkers, storageType: 'MODEL' | 'YAML', body: TransferDto): Promise<TransferResult> {
  if (storageType === 'YAML') {
    // BK-CI reads a YAML of no stated type as a pipeline template (the console's import sends only the YAML).
    const type = body.templateType ?? 'PIPELINE';
    if (body.yaml === undefined) throw invalid('storageType YAML needs yaml');
    const transferred = await workers.yamlToModel(body.yaml, { file: 'template.yml', kind: type });
    const fallback = defaultSetting(type, '', '');
    const setting = transferred.kind === 'PIPELINE' ? { ...fallback, ...transferred.setting } : readSetting(body.templateSetting, fallback);
    return { templateType: type, templateModel: transferred.model, templateSetting: setting, params: paramsOf(type, transferred.model), yamlWithVersion: body.yaml };
  }
  const type = body.templateType;
  if (type === undefined) throw invalid('storageType MODEL needs templateType');
  if (body.templateModel === undefined) throw invalid('storageType MODEL needs templateModel');
  const model = checkModel(type, body.templateModel);
  const setting = readSetting(body.templateSetting, defaultSetting(type, (model as { name?: string }).name ?? 'template', ''));
  return { templateType: type, templateModel: model, templateSetting: setting, params: paramsOf(type, model), yamlWithVersion: await workers.modelToYaml(model, { setting: type === 'PIPELINE' ? setting : undefined }) };
}
