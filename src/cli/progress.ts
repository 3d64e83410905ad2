// Shows a batch's progress: a redrawn bar on a terminal, one plain line per finished file otherwise (CI).
import type { FileReport } from '../report/types.js';
import { formatBytes, formatPercent, formatSeconds } from '../report/units.js';
import { displayPath } from '../inputs/display-path.js';
import { escapeTerminal } from '../text/escape.js';

export interface Progress {
  start(total: number): void;
  fileDone(file: FileReport): void;
  stop(): void;
}

/** One terminal line per finished file; names and reasons escaped. */
export function describeFile(file: FileReport, cwd: string = process.cwd()): string {
  const input = escapeTerminal(displayPath(cwd, file.input));
  if (file.status === 'failed') return `failed   ${input}: ${escapeTerminal(file.reason ?? 'unknown error')}`;
  if (file.status === 'skipped') return `skipped  ${input}: ${escapeTerminal(file.reason ?? '')}`;
  return `ok       ${input} → ${escapeTerminal(file.output ? displayPath(cwd, file.output) : '')}  ${formatBytes(file.inputBytes)} → ${formatBytes(file.outputBytes)}`
    + ` (${describeChange(file.reductionPercent)})  encode ${formatSeconds(file.encodeSec)}`
    + `  RTF ${file.rtf?.toFixed(3) ?? '–'}`;
}

const describeChange = (reduction: number | undefined): string =>
  reduction !== undefined && reduction < 0 ? `${formatPercent(-reduction)} larger` : `${formatPercent(reduction)} smaller`;

export function renderBar(done: number, total: number, elapsedSec: number, width = 24): string {
  const fraction = total > 0 ? done / total : 1;
  const filled = Math.round(fraction * width);
  const eta = done > 0 && done < total ? formatSeconds((elapsedSec / done) * (total - done)) : '–';
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} files  elapsed ${formatSeconds(elapsedSec)}  ETA ${eta}`;
}

export function createProgress(stream: NodeJS.WriteStream, enabled = true): Progress {
  const interactive = enabled && stream.isTTY === true;
  let total = 0;
  let done = 0;
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  const elapsed = (): number => (performance.now() - started) / 1000;
  const draw = (): void => {
    stream.write(`\r\x1b[2K${renderBar(done, total, elapsed())}`);
  };
  return {
    start(count) {
      total = count;
      started = performance.now();
      if (interactive) {
        draw();
        timer = setInterval(draw, 250);
        timer.unref();
      }
    },
    fileDone(file) {
      done++;
      if (!enabled) return;
      if (interactive) {
        // Failures stay on screen above the bar; successes are in the final table.
        if (file.status === 'failed') stream.write(`\r\x1b[2K${describeFile(file)}\n`);
        draw();
      } else {
        stream.write(`${describeFile(file)}\n`);
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (interactive) stream.write(`\r\x1b[2K`);
    },
  };
}
