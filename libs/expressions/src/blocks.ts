import { escapeJava } from './text';
import { PartialResult } from './partial';

/** One `${{ … }}` block: `start` is the index of `$`, `end` the index of the last `}`. */
export interface ExpressionBlock {
  start: number;
  end: number;
}

/**
 * Finds `${{ … }}` blocks, grouped by nesting level, inner-most level first and left to right
 * within a level; at most `levelMax` levels are returned (BK-CI findExpressions). For
 * `${{ 4 ${{ 2 ${{ 1 }} }} ${{ 3 }} }}` and levelMax 2 the result is `[[1], [2, 3]]`.
 */
export function findExpressionBlocks(text: string, levelMax = 2): ExpressionBlock[][] {
  const stack: number[] = [];
  const levels = new Map<number, ExpressionBlock[]>();
  let index = 0;
  while (index < text.length) {
    if (index + 2 < text.length && text[index] === '$' && text[index + 1] === '{' && text[index + 2] === '{') {
      stack.push(index);
      index += 3;
      continue;
    }
    if (index + 1 < text.length && text[index] === '}' && text[index + 1] === '}') {
      const start = stack.pop();
      if (start !== undefined) {
        const level = stack.length + 1;
        const list = levels.get(level) ?? [];
        list.push({ start, end: index + 1 });
        levels.set(level, list);
      }
      index += 2;
      continue;
    }
    index++;
  }
  const result: ExpressionBlock[][] = [];
  for (const level of [...levels.keys()].sort((a, b) => b - a)) {
    if (result.length === levelMax) break;
    result.push(levels.get(level)!.sort((a, b) => a.start - b.start));
  }
  return result;
}

/** Evaluates the text inside one block. */
export type BlockEvaluator = (expression: string) => PartialResult;

/**
 * Replaces the blocks of one line with their values, inner-most first (BK-CI parseExpression).
 * Complete string results are escaped for a double-quoted YAML scalar; a complete array result
 * drops the quotes around its block so it becomes a YAML flow sequence; a string that feeds an
 * outer block is quoted `'…'` unless it is used as a member name.
 */
export function substituteBlocks(line: string, blocks: ExpressionBlock[][], evaluate: BlockEvaluator): string {
  const working = blocks.map((level) => level.map((b) => ({ ...b })));
  let chars = line;
  working.forEach((level, blockLevel) => {
    level.forEach((block, blockIndex) => {
      const expression = chars.substring(block.start + 3, block.end - 1);
      const result = evaluate(expression);
      const [replacement, dropQuotes] = formatResult(blockLevel, working.length, block, chars, result);
      if (dropQuotes) {
        if (block.start - 1 >= 0 && chars[block.start - 1] === '"') block.start -= 1;
        if (block.end + 1 < chars.length && chars[block.end + 1] === '"') block.end += 1;
      }
      const before = block.start - 1 < 0 ? '' : chars.slice(0, block.start);
      const after = block.end + 1 >= chars.length ? '' : chars.slice(block.end + 1);
      chars = before + replacement + after;
      const diff = replacement.length - (block.end - block.start + 1);
      working.forEach((other, i) => {
        other.forEach((b, j) => {
          if (i <= blockLevel && j <= blockIndex) return;
          if (b.start > block.end) b.start += diff;
          if (b.end > block.end) b.end += diff;
        });
      });
    });
  });
  return chars;
}

function formatResult(
  blockLevel: number,
  levelCount: number,
  block: ExpressionBlock,
  chars: string,
  result: PartialResult,
): [string, boolean] {
  if (!result.isComplete) return [result.value, false];
  if (result.type === 'ARRAY') return [result.value.replace(/\\"/g, '"'), levelCount === 1];
  let value = result.value;
  const usedAsMember =
    (block.start - 1 >= 0 && chars[block.start - 1] === '.') ||
    (block.end + 1 < chars.length && chars[block.end + 1] === '.');
  if (blockLevel + 1 < levelCount && result.type === 'STRING' && !usedAsMember) value = `'${value}'`;
  return [escapeJava(value), false];
}
