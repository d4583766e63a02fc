import type { LogLineEntity } from '../entities/log-line.entity';
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { drained } from './drained';

const RED = '\u001b[31m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[m';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `yyyy-MM-dd HH:mm:ss:SSS` in the server's time zone, as BK-CI's download writes it. */
export function downloadTime(timestamp: number): string {
  const at = new Date(timestamp);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}:${pad(at.getMilliseconds(), 3)}`;
}

/**
 * One line of a downloaded log, as BK-CI writes it: the time, ` : `, and the message without the
 * red and bold codes its `/red` lines start with and without their resets.
 */
export function downloadLine(line: Pick<LogLineEntity, 'timestamp' | 'message'>): string {
  let message = line.message;
  if (message.startsWith(RED)) message = message.slice(RED.length);
  if (message.startsWith(BOLD)) message = message.slice(BOLD.length);
  return `${downloadTime(line.timestamp)} : ${message.replaceAll(RESET, '')}\n`;
}

/** The attachment's name: BK-CI's `<fileName|pipelineId-buildId-log>.log`. */
export function downloadFileName(pipelineId: string, buildId: string, fileName: string | undefined): string {
  return `${fileName ?? `${pipelineId}-${buildId}-log`}.log`;
}

/** `Content-Disposition` for `name`: a plain ASCII `filename` and the exact one in `filename*`. */
export function attachment(name: string): string {
  const plain = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Writes the pages to `out` one after another, waiting whenever `out` is full; stops if `out`
 * closes. A failure midway cuts the connection, so the client cannot take a partial file for the
 * whole log, and is rethrown to be logged.
 */
async function writeDownload(pages: AsyncIterable<Array<Pick<LogLineEntity, 'timestamp' | 'message'>>>, out: Writable): Promise<void> {
  try {
    for await (const page of pages) {
      if (out.destroyed) return;
      if (!out.write(page.map(downloadLine).join(''))) await drained(out);
    }
    out.end();
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Answers with the pages as BK-CI's attachment `fileName` (see downloadFileName). */
export async function sendDownload(response: Response, fileName: string, pages: AsyncIterable<Array<Pick<LogLineEntity, 'timestamp' | 'message'>>>): Promise<void> {
  response.status(200).set({ 'content-type': 'application/octet-stream', 'content-disposition': attachment(fileName), 'cache-control': 'no-cache' });
  await writeDownload(pages, response);
}
