import { findExpressionBlocks, substituteBlocks } from './blocks';
import { partialEvaluate } from './partial';
import { ExprText } from './values';

/** Ports of BK-CI ParametersExpressionParseTest (expressionEvaluate, findExpressions, parseExpression). */

const parameters = {
  doub: 12312.12,
  bool: false,
  str: '12138',
  arry: [12312.12, false, '12138', ['12138']],
  dic: {
    doub: 12312.12,
    bool: false,
    str: '12138',
    arry: [12312.12, false, '12138', ['12138']],
    dic: { str: '12138' },
  },
  script: 'cd src\nmkdir build\ncd build\ncmake -DLIB_LEGO_DIR=${{ ci.workspace }}/tmp/liblego ..\nmake -j`nproc`',
  var: new ExprText('${{varaibles.xxx == settings.xxx}}'),
};
const contexts = { parameters };

/** BK-CI ParametersExpressionParse.expressionEvaluate. */
function expressionEvaluate(expression: string, needBrackets: boolean) {
  const result = partialEvaluate(expression, contexts);
  if (result.isComplete) return { ...result, value: result.value.trim() };
  return { ...result, value: needBrackets ? `\${{ ${result.value.trim()} }}` : result.value.trim() };
}

describe('partialEvaluate (BK-CI expressionEvaluateTest)', () => {
  it.each([
    [
      'parameters.dic',
      '{"doub":12312.12,"bool":false,"str":"12138","arry":[12312.12,false,"12138",["12138"]],"dic":{"str":"12138"}}',
    ],
    ['parameters.arry', '[12312.12,false,"12138",["12138"]]'],
    [
      "fromJSON(parameters['arry']) == variables.arry",
      '(fromJSON(\'[12312.12,false,\\"12138\\",[\\"12138\\"]]\') == variables.arry)',
    ],
    [
      "fromJSON(parameters['arry'])[0] == variables.arry[0]",
      '(fromJSON(\'[12312.12,false,\\"12138\\",[\\"12138\\"]]\')[0] == variables.arry[0])',
    ],
    ['parameters.doub', '12312.12'],
    ['parameters.bool', 'false'],
    ['parameters.str', '12138'],
    ["startsWith(parameters.str, '121')", "${{ startsWith('12138', '121') }}"],
  ])('%s', (expression, expected) => {
    let { value } = expressionEvaluate(expression, true);
    const { isComplete, type } = expressionEvaluate(expression, true);
    if (isComplete && (type === 'ARRAY' || type === 'DICT')) value = value.replace(/\\"/g, '"');
    if (expression.includes('variables.arry')) {
      expect(value.startsWith('${{') && value.endsWith('}}')).toBe(true);
      value = value.slice('${{ '.length, -' }}'.length);
    }
    expect(value).toBe(expected);
  });

  it('keeps unknown contexts as text and reports incompleteness', () => {
    expect(partialEvaluate('ci.actor', contexts)).toEqual({ value: 'ci.actor', isComplete: false, type: 'STRING' });
    expect(partialEvaluate("variables['a b']", contexts).value).toBe("variables['a b']");
  });

  it('evaluates a missing parameter to an empty complete string', () => {
    expect(partialEvaluate('parameters.missing', contexts)).toEqual({ value: '', isComplete: true, type: 'STRING' });
  });

  it('refuses prototype members even inside parameters', () => {
    expect(() => partialEvaluate('parameters.__proto__', contexts)).toThrow(/not allowed/);
    expect(() => partialEvaluate("parameters['constructor']", contexts)).toThrow(/not allowed/);
  });
});

describe('findExpressionBlocks (BK-CI findExpressionsTest)', () => {
  const b = (start: number, end: number) => ({ start, end });
  it.each([
    ['${{parameters.xxx == xxxx}} ', [[b(0, 26)]]],
    [' ${{parameters.xxx == xxxx}} ', [[b(1, 27)]]],
    [' ${{parameters.xxx == xxxx => 5', []],
    ['parameters.xxx == xxxx }} ', []],
    ['parameters.xxx == xxxx ', []],
    ['aaa: xx == ${{ parameters.xxx == xxxx}} == ${{xxxx }} !${xx}}', [[b(11, 38), b(43, 52)]]],
    ['${{ 4  ${{ 2 ${{ 1 }} }} ${{ 3 }} }} ', [[b(13, 20)], [b(7, 23), b(25, 32)]]],
    ['${{ 4  ${{ 2 ${{ 1 }} }} ${{ 3 }} ', [[b(13, 20)], [b(7, 23), b(25, 32)]]],
    ['${{ 4  2 ${{ 1 }} }} ${{ 3 }} ', [[b(9, 16)], [b(0, 19), b(21, 28)]]],
    ['4  2 ${{ 1 }} }} 3 }} ', [[b(5, 12)]]],
  ])('%s', (text, expected) => {
    expect(findExpressionBlocks(text)).toEqual(expected);
  });

  it('returns at most the requested number of levels', () => {
    expect(findExpressionBlocks('${{ ${{ ${{ a }} }} }}', 3)).toHaveLength(3);
    expect(findExpressionBlocks('${{ ${{ ${{ a }} }} }}')).toHaveLength(2);
  });
});

describe('substituteBlocks (BK-CI parseExpressionTest)', () => {
  function parseLine(sample: string): string {
    const isIf = sample.startsWith('if');
    const line = sample.trim();
    return substituteBlocks(line, findExpressionBlocks(sample), (expression) => {
      const r = expressionEvaluate(expression, !isIf);
      return r;
    });
  }

  it.each([
    ['VAR_A: "${{parameters.bool}}"', 'VAR_A: "false"'],
    ['VAR_A: "${{parameters.arry}}"', 'VAR_A: [12312.12,false,"12138",["12138"]]'],
    [
      'echo ${{parameters.bool == true}} == ${{parameters.bool == variables.xxx}}',
      'echo ${{ (false == true) }} == ${{ (false == variables.xxx) }}',
    ],
    [
      'echo ${{parameters.bool == parameters.${{ parameters.bool }}}} == ${{variables.${{ parameters.bool }}.xxx == true}}',
      "echo ${{ (false == '') }} == ${{ (variables.false.xxx == true) }}",
    ],
    [
      'if: ${{(${{ parameters.var }} == true) && ${{ parameters.str }} != test}}',
      "if: ((${{varaibles.xxx == settings.xxx}} == true) && ('12138' != test))",
    ],
    [
      'if: ${{( parameters.var == true) && parameters.str != test}}',
      "if: ((${{varaibles.xxx == settings.xxx}} == true) && ('12138' != test))",
    ],
    [
      "echo: ${{( parameters.var == true) && parameters.str != 'test'}}",
      "echo: ${{ ((${{varaibles.xxx == settings.xxx}} == true) && ('12138' != 'test')) }}",
    ],
    [
      'echo: ${{( parameters.dic.${{ varaibles.xxx }} == parameters.arry[${{ varaibles.xxx }}]) }}',
      "echo: ${{ ('' == '') }}",
    ],
  ])('%s', (sample, expected) => {
    expect(parseLine(sample)).toBe(expected.trim());
  });

  it('escapes complete string values for a double-quoted scalar', () => {
    expect(parseLine('script: "${{ parameters.script }}"')).toBe(
      'script: "cd src\\nmkdir build\\ncd build\\ncmake -DLIB_LEGO_DIR=${{ ci.workspace }}/tmp/liblego ..\\nmake -j`nproc`"',
    );
    expect(substituteBlocks('a: "${{ parameters.x }}"', findExpressionBlocks('a: "${{ parameters.x }}"'), () => ({
      value: '中"\\',
      isComplete: true,
      type: 'STRING',
    }))).toBe('a: "\\u4E2D\\"\\\\"');
  });
});
