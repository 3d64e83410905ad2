// The README's fenced code blocks, each with the test marker on the line before it
// (`<!-- test: run -->`, `<!-- test: run by <file> -->`, `<!-- test: not run — <reason> -->`, …).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './media.js';

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  body: string;
  /** The marker's text after `test:`, or undefined. */
  marker: string | undefined;
}

export function parseReadmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i] as string);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`README line ${i + 1}: a code block that never closes`);
    const marker = /^<!-- test: (.*) -->$/.exec(lines[i - 1] ?? '')?.[1];
    blocks.push({ line: i + 1, lang: fence[1] as string, body: lines.slice(i + 1, end).join('\n'), marker });
    i = end;
  }
  return blocks;
}

export async function readmeBlocks(): Promise<ReadmeBlock[]> {
  return parseReadmeBlocks(await readFile(path.join(ROOT, 'README.md'), 'utf8'));
}

/** A block is a command or a program (it must be run, or say why not) unless it is output or data. */
export const isRunnable = (block: ReadmeBlock): boolean =>
  ['sh', 'bash', 'ts', 'js', 'html', 'yaml', 'json'].includes(block.lang) || /^\$ /m.test(block.body);
