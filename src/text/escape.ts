// Names and reasons come from outside (file names, ffmpeg's words): before they reach a medium they pass
// through that medium's one escaping function here. Library data (JSON reports) keeps them exact. Pure.

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides would
 * move the cursor, colour the terminal, start a new CI log line (a GitHub workflow command) or
 * reorder text: each is shown as a visible escape (`\n`, `\x1b`, `\u202e`); a backslash as `\\` so
 * the escapes stay unambiguous.
 */
const UNSAFE_FOR_TERMINAL = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (char: string, width: number): string => (char.codePointAt(0) ?? 0).toString(16).padStart(width, '0');

export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (char) =>
    NAMED[char] ?? ((char.codePointAt(0) ?? 0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`));
}

/** A Markdown table cell: terminal-safe, then the characters that would end the cell or start markup. */
export function escapeMarkdownCell(text: string): string {
  // escapeTerminal already doubled the name's own backslashes; & would start an entity.
  return escapeTerminal(text).replace(/[|`*_[\]<>#~&]/g, (char) => `\\${char}`);
}

/**
 * XML 1.0 text and attribute values: characters it cannot hold become U+FFFD, markup characters
 * entities, and line breaks and tabs character references (kept exact, but never a line of their own).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Control characters other than CR and LF (which the runner's own escapes carry) would reach the log raw. */
const UNSAFE_IN_ANNOTATION = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A GitHub Actions workflow command's message: the runner's own escapes, so it stays one command. */
export const escapeAnnotationData = (text: string): string =>
  text
    .replace(UNSAFE_IN_ANNOTATION, (char) => ((char.codePointAt(0) ?? 0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`))
    .replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A workflow command's property value (file=…, title=…): also ':' and ','. */
export const escapeAnnotationProperty = (text: string): string =>
  escapeAnnotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
