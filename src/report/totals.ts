// Sums per-file reports into totals. Pure.
import type { FileReport, ReportTotals } from './types.js';

const sum = (values: Array<number | undefined>): number => values.reduce<number>((total, value) => total + (value ?? 0), 0);

export function reductionPercent(inputBytes: number, outputBytes: number): number | undefined {
  return inputBytes > 0 ? ((inputBytes - outputBytes) / inputBytes) * 100 : undefined;
}

export function computeTotals(files: readonly FileReport[], wallSec: number): ReportTotals {
  const ok = files.filter((file) => file.status === 'ok');
  const inputBytes = sum(ok.map((file) => file.inputBytes));
  const outputBytes = sum(ok.map((file) => file.outputBytes));
  const mediaSec = sum(ok.map((file) => file.durationSec));
  return {
    files: files.length,
    ok: ok.length,
    failed: files.filter((file) => file.status === 'failed').length,
    skipped: files.filter((file) => file.status === 'skipped').length,
    inputBytes,
    outputBytes,
    reductionPercent: reductionPercent(inputBytes, outputBytes),
    mediaSec,
    encodeSec: sum(ok.map((file) => file.encodeSec)),
    wallSec,
    aggregateRtf: mediaSec > 0 ? wallSec / mediaSec : undefined,
  };
}
