import { ExpressionError, findExpressionBlocks, partialEvaluate, PartialResult, substituteBlocks } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';

/** Lines as Java's BufferedReader.readLine sees them (no phantom line after a final newline). */
export function readLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '' && /[\r\n]$/.test(text)) lines.pop();
  return lines;
}

/** A line whose key is `if` (`if:` or `- if:`, spaces ignored). */
export function isIfLine(line: string): boolean {
  // Most lines start with another letter: only `i` and `-` can begin such a line once spaces are gone.
  const first = line.trimStart().charAt(0);
  if (first !== 'i' && first !== '-') return false;
  const compact = line.trim().replace(/\s/g, '');
  return compact.startsWith('if:') || compact.startsWith('-if:');
}

function removeSurroundingQuotes(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** BK-CI ParametersExpressionParse.expressionEvaluate: one block's text → its replacement. */
function evaluateBlock(file: string, expression: string, context: Record<string, unknown>, needBrackets: boolean): PartialResult {
  let result: PartialResult;
  try {
    result = partialEvaluate(expression, { parameters: context });
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new YamlError(
        YamlErrorCode.EXPRESSION_INVALID,
        `[${file}]Expression [${expression}] evaluate error [${error.message}]`,
        { file },
      );
    }
    throw error;
  }
  if (result.isComplete) return { ...result, value: result.value.trim() };
  const value = result.value.trim();
  return { ...result, value: needBrackets ? `\${{ ${value} }}` : value };
}

/**
 * The new parameter evaluator (BK-CI ParametersExpressionParse.parseParameterValue), line by line:
 * blank and comment lines stay; an `if:` value is evaluated as one expression (wrapped in `${{ }}`)
 * and written back quoted without brackets; other lines have their `${{ }}` blocks replaced,
 * inner-most first, two levels deep, keeping `${{ }}` around whatever cannot be resolved yet.
 */
export function substituteNewParameters(file: string, text: string, context: Record<string, unknown>): string {
  const out: string[] = [];
  for (const line of readLines(text)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) {
      out.push(line);
      continue;
    }
    if (isIfLine(line)) {
      const prefix = line.slice(0, line.indexOf(':') + 1);
      const condition = `\${{${removeSurroundingQuotes(line.slice(prefix.length).trim())}}}`;
      const replaced = substituteBlocks(condition, findExpressionBlocks(condition), (expression) =>
        evaluateBlock(file, expression, context, false),
      );
      out.push(`${prefix} "${replaced}"`);
      continue;
    }
    const blocks = findExpressionBlocks(line);
    if (blocks.length === 0) {
      out.push(line);
      continue;
    }
    out.push(substituteBlocks(line, blocks, (expression) => evaluateBlock(file, expression, context, true)));
  }
  return out.map((line) => `${line}\n`).join('');
}
