import { describe, expect, it } from 'vitest';
import {
  escapeAnnotationData, escapeAnnotationProperty, escapeMarkdownCell, escapeTerminal, escapeXml,
} from '../../src/text/escape.js';

const HOSTILE = 'x\n::warning file=y::injected\n\u001b[31mred\u001b[0m\r\u202eevil\u0085.mp4';

describe('escapeTerminal', () => {
  it.each([
    ['plain/name.mp4', 'plain/name.mp4'],
    ['a\nb', 'a\\nb'],
    ['a\rb\tc', 'a\\rb\\tc'],
    ['\u001b[2J', '\\x1b[2J'],
    ['back\\slash', 'back\\\\slash'],
    ['\u202eright-to-left', '\\u202eright-to-left'],
    ['\u0085next-line', '\\x85next-line'],
    ['café 日本.mp4', 'café 日本.mp4'],
  ])('%j → %j', (input, expected) => {
    expect(escapeTerminal(input)).toBe(expected);
  });

  it('leaves no control character and no line break in any name', () => {
    const escaped = escapeTerminal(HOSTILE);
    expect(escaped).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(escaped.split('\n')).toHaveLength(1);
  });
});

describe('GitHub annotations', () => {
  it('keep a workflow command on one line with no raw control characters', () => {
    const data = escapeAnnotationData(HOSTILE);
    const property = escapeAnnotationProperty(HOSTILE);
    for (const text of [data, property]) {
      expect(text).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f]/);
    }
    expect(property).not.toContain('::');
    expect(escapeAnnotationData('100%')).toBe('100%25');
  });
});

describe('Markdown and XML', () => {
  it('a Markdown cell cannot end the cell or start markup', () => {
    expect(escapeMarkdownCell('a|b`c`<img>')).toBe('a\\|b\\`c\\`\\<img\\>');
    expect(escapeMarkdownCell('a\nb')).toBe('a\\nb');
    expect(escapeMarkdownCell('AT&T &lt; \\| x')).toBe('AT\\&T \\&lt; \\\\\\| x');
  });

  it('XML holds markup characters as entities and drops what XML 1.0 cannot hold', () => {
    expect(escapeXml('<a href="x">&\'\u0001</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD&lt;/a&gt;');
    expect(escapeXml('a\nb\r\tc')).toBe('a&#10;b&#13;&#9;c');
  });
});
