/*
 * Pure text work on a message before it is stored: masking secrets, BK-CI's red and yellow
 * highlighting, and splitting over-long messages.
 */

/** What a masked secret reads as, as BK-CI prints it. */
export const MASK = '******';

const ESC = '\u001b[';

/**
 * Replaces every occurrence of every secret with MASK. Longest first, so a secret that contains
 * another (a password and its base64 form may share a prefix) is masked whole, not half. The
 * secrets are ordered once, for the many messages of a batch.
 */
export function secretMasker(secrets: readonly string[]): (message: string) => string {
  const ordered = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (message) => {
    let masked = message;
    for (const secret of ordered) {
      if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
    }
    return masked;
  };
}

export type Highlight = 'red' | 'yellow';

/**
 * BK-CI's `Ansi().bold().fgRed().a(message).reset()` (and fgYellow): bold and the colour, repeated
 * after every newline so each console line keeps it, then a reset (`ESC[m`, BK-CI's lone reset).
 */
export function highlight(message: string, colour: Highlight): string {
  const start = `${ESC}1;${colour === 'red' ? 31 : 33}m`;
  return `${start}${message.replace(/\n/g, `\n${start}`)}${ESC}m`;
}

/**
 * Cuts `message` into pieces of at most `maxBytes` UTF-8 bytes each, between characters (never
 * inside a multi-byte character or a surrogate pair). A message that fits is returned as is.
 */
export function splitByBytes(message: string, maxBytes: number): string[] {
  if (Buffer.byteLength(message, 'utf8') <= maxBytes) return [message];
  const pieces: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const char of message) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (currentBytes + bytes > maxBytes) {
      pieces.push(current);
      current = '';
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  pieces.push(current);
  return pieces;
}
