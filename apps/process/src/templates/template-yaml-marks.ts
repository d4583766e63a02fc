import { isCollection, isMap, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';

/** BK-CI TransferMark: where a value starts and ends in the YAML, lines and columns counted from 0. */
export interface TransferMark {
  startMark: { line: number; column: number };
  endMark: { line: number; column: number };
}

/** BK-CI PreviewResponse: the YAML and where its parts are, for the editor to highlight. */
export interface PreviewResponse {
  yaml: string;
  pipeline: TransferMark[];
  trigger: TransferMark[];
  notice: TransferMark[];
  setting: TransferMark[];
}

/** BK-CI HighlightType: which part of a template the preview marks. */
export const HIGHLIGHT_TYPES = ['NOTIFY', 'LABEL', 'CONCURRENCY', 'PIPELINE_MODEL'] as const;
export type HighlightType = (typeof HIGHLIGHT_TYPES)[number];

// BK-CI PipelineTransferYamlService's key groups.
const PIPELINE_KEYS = new Set(['stages', 'jobs', 'steps', 'finally', 'extends']);
const TRIGGER_KEYS = new Set(['on']);
const NOTICE_KEYS = new Set(['notices']);
const SETTING_KEYS = new Set(['concurrency', 'name', 'version', 'label', 'desc', 'syntax-dialect']);

/**
 * The top-level keys of a YAML mapping with where each value is (BK-CI TransferMapper.getYamlLevelOneIndex),
 * in document order; nothing for text that is not one mapping. A block value ends where the next key
 * starts (or the text ends), as SnakeYAML's block-end mark does; any other value where it ends.
 */
export function topLevelMarks(yaml: string): Array<{ key: string; mark: TransferMark }> {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter });
  if (document.errors.length > 0 || !isMap(document.contents)) return [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line - 1, column: col - 1 };
  };
  const pairs = document.contents.items;
  return pairs.flatMap((pair, index) => {
    if (!isScalar(pair.key) || !pair.value || !('range' in pair.value) || !pair.value.range) return [];
    const [start, valueEnd] = pair.value.range;
    const next = pairs[index + 1]?.key;
    const nextStart = next && isScalar(next) && next.range ? next.range[0] : yaml.length;
    const end = isBlock(pair.value) ? nextStart : valueEnd;
    return [{ key: String(pair.key.value), mark: { startMark: position(start), endMark: position(end) } }];
  });
}

function isBlock(node: unknown): boolean {
  if (isCollection(node)) return !node.flow;
  return isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
}

/** BK-CI PipelineTemplateGenerator.buildPreView: the YAML with its pipeline, trigger, notice and setting parts marked. */
export function previewOf(yaml: string): PreviewResponse {
  const preview: PreviewResponse = { yaml, pipeline: [], trigger: [], notice: [], setting: [] };
  for (const { key, mark } of topLevelMarks(yaml)) {
    if (PIPELINE_KEYS.has(key)) preview.pipeline.push(mark);
    if (TRIGGER_KEYS.has(key)) preview.trigger.push(mark);
    if (NOTICE_KEYS.has(key)) preview.notice.push(mark);
    if (SETTING_KEYS.has(key)) preview.setting.push(mark);
  }
  return preview;
}

/**
 * The marks a template preview highlights (BK-CI previewTemplate): the first `label`, `concurrency`
 * or `notices`, or every one of `stages`, `jobs`, `steps` and `finally` for PIPELINE_MODEL.
 */
export function highlightMarks(yaml: string, type: HighlightType): TransferMark[] {
  const marks = topLevelMarks(yaml);
  if (type === 'PIPELINE_MODEL') return marks.filter(({ key }) => ['stages', 'jobs', 'steps', 'finally'].includes(key)).map(({ mark }) => mark);
  const wanted = { LABEL: 'label', CONCURRENCY: 'concurrency', NOTIFY: 'notices' }[type];
  const found = marks.find(({ key }) => key === wanted);
  return found ? [found.mark] : [];
}
