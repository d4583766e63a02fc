import { isCollection, isScalar, Node, parseDocument } from 'yaml';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { mergeRoots, Orphans } from './merge/merge-nodes';
import { anchorTable, plain, sameData } from './merge/plain';
import { SnakeWriter } from './merge/snake-writer';
import { collectTrivia } from './merge/trivia';

function parse(text: string, file: string) {
  const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
    throw new YamlError(YamlErrorCode.SYNTAX, error.message.split('\n')[0], { file, line, column });
  }
  return doc;
}

function dataOf(root: unknown): unknown {
  return plain(root, anchorTable(root));
}

/**
 * Writes an edited YAML (`newYaml`, typically generated from a Model) back into the user's
 * existing file (`oldYaml`), keeping what the user wrote that the edit did not touch: comments,
 * blank lines, key order of kept entries, anchors and aliases, quoting and number spelling.
 * BK-CI's `TransferMapper.mergeYaml`: the result is re-checked, and when it does not read back as
 * exactly the data of `newYaml`, `newYaml` is returned unchanged.
 */
export function mergeYaml(oldYaml: string, newYaml: string): string {
  if (oldYaml.trim() === '') return newYaml;
  const newDoc = parse(newYaml, 'new.yml');
  let oldDoc;
  try {
    oldDoc = parse(oldYaml, 'old.yml');
  } catch {
    return newYaml;
  }
  const oldRoot = oldDoc.contents as Node | null;
  const newRoot = newDoc.contents as Node | null;
  if (!oldRoot || !newRoot || (!isCollection(newRoot) && !isScalar(newRoot))) return newYaml;

  const trivia = collectTrivia(newDoc, newYaml, collectTrivia(oldDoc, oldYaml));
  const orphans: Orphans = new WeakMap();
  const root = mergeRoots(oldRoot, newRoot, trivia, orphans);
  const out = new SnakeWriter(trivia, orphans).write(root, oldDoc.commentBefore, oldDoc.comment);

  const check = parseDocument(out, { uniqueKeys: false });
  if (check.errors.length > 0 || !sameData(dataOf(check.contents), dataOf(newRoot))) return newYaml;
  return out;
}
