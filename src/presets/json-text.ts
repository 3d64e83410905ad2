// A preset file's text read as JSON, with errors that name the rule broken and where — never the file's
// bytes (a preset that `extends` /etc/passwd must not print it) — and numbers too large for a double
// kept as written (`1e309`), not turned into Infinity and then shown as null. Pure.

/** A number whose literal overflows a double: the validator shows it as written. */
export class OutOfRangeNumber {
  constructor(readonly written: string) {}
}

/** Line and column (1-based) of offset `at` in `text`. */
function lineColumn(text: string, at: number): string {
  const before = text.slice(0, at).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** The number literals outside strings, in order. */
function numberLiterals(text: string): string[] {
  const found: string[] = [];
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (let match = token.exec(text); match; match = token.exec(text)) if (!match[0].startsWith('"')) found.push(match[0]);
  return found;
}

/** The parsed value, or why the text is not JSON (a rule and a place, no bytes of the text). */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const start = text.search(/\S/);
  if (start < 0) return { ok: false, reason: 'is empty: a preset is a JSON object' };
  if (text[start] !== '{') return { ok: false, reason: `is not a JSON object (${lineColumn(text, start)}): a preset starts with "{"` };
  const overflowing = numberLiterals(text).filter((literal) => !Number.isFinite(Number(literal)));
  let next = 0;
  try {
    const value: unknown = JSON.parse(text, (_key, item: unknown) =>
      (typeof item === 'number' && !Number.isFinite(item) ? new OutOfRangeNumber(overflowing[next++] ?? 'a number too large for a double') : item));
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const position = /^(.*?) in JSON at position (\d+)/.exec(message);
    // V8 quotes the text around some errors ("root:x:0:0"...): only a message without quotes is kept.
    const rule = position && !/["']/.test(position[1] as string) ? `: ${(position[1] as string).toLowerCase()}` : '';
    const where = position ? ` (${lineColumn(text, Number(position[2]))})` : '';
    if (/Unexpected end/.test(message)) return { ok: false, reason: 'is not valid JSON: it ends before its last value is complete' };
    return { ok: false, reason: `is not valid JSON${where}${rule}` };
  }
}
