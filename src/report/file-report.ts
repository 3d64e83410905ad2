// A file's report before anything is known of it: the one place its fields are listed.
import type { Failure } from './causes.js';
import type { FileReport } from './types.js';

export function blankReport(input: string, output: string | undefined): FileReport {
  return {
    input, output, status: 'failed', cause: undefined, reason: undefined, inputBytes: undefined, outputBytes: undefined,
    reductionPercent: undefined, durationSec: undefined, encodeSec: undefined, cpuSec: undefined, rtf: undefined,
    speed: undefined, adaptations: [], faststartVerified: false, verified: [], video: undefined, startupBytesBefore: undefined,
    startupBytesAfter: undefined, outputDurations: undefined, loudness: undefined,
  };
}

export const failedReport = (input: string, { cause, reason }: Failure, output?: string): FileReport =>
  ({ ...blankReport(input, output), status: 'failed', cause, reason });
