// Which ffmpeg to use when none is named: the newest capable one among the candidates. A maintained
// system ffmpeg (Debian's 5.1, a distribution's 6 or 7) beats the bundled 2018 build, whose demuxers
// lack six years of security fixes — and phone uploads are untrusted input. Pure.

export interface Candidate {
  /** Where it came from: ffmpeg-static, PATH, @ffmpeg-installer/ffmpeg. */
  source: string;
  path: string;
  version: string;
  /** libavformat's version: what the build's age and demuxers follow. */
  libavformat: { major: number; minor: number } | undefined;
  /** What it lacks of what the presets need (encoders, filters); empty when capable. */
  missing: string[];
}

export interface Choice {
  chosen: Candidate;
  why: string;
  /** The other candidates, each with why it was not taken. */
  passedOver: Array<{ candidate: Candidate; why: string }>;
}

/** libavformat major → the year its FFmpeg release came out (57: 3.x, 58: 4.x, 59: 5.x, 60: 6.0, 61: 7.x, 62: 8.0). */
const RELEASE_YEAR: Record<number, number> = { 56: 2014, 57: 2016, 58: 2018, 59: 2022, 60: 2023, 61: 2024, 62: 2025 };

export const releaseYear = (libavformat: Candidate['libavformat']): number | undefined =>
  libavformat === undefined ? undefined : RELEASE_YEAR[libavformat.major] ?? (libavformat.major > 62 ? 2025 + (libavformat.major - 62) : undefined);

const newer = (a: Candidate, b: Candidate): number => {
  const [x, y] = [a.libavformat ?? { major: 0, minor: 0 }, b.libavformat ?? { major: 0, minor: 0 }];
  return x.major - y.major || x.minor - y.minor;
};

const describe = (candidate: Candidate): string => `${candidate.source} (${candidate.version}${candidate.libavformat ? `, libavformat ${candidate.libavformat.major}.${candidate.libavformat.minor}` : ''})`;

/** The newest capable candidate (ties go to the earlier, in the order given); undefined when none is capable. */
export function chooseFfmpeg(candidates: readonly Candidate[]): Choice | undefined {
  const capable = candidates.filter((candidate) => candidate.missing.length === 0);
  const chosen = capable.reduce<Candidate | undefined>((best, candidate) => (best === undefined || newer(candidate, best) > 0 ? candidate : best), undefined);
  if (!chosen) return undefined;
  const passedOver = candidates.filter((candidate) => candidate !== chosen).map((candidate) => ({
    candidate,
    why: candidate.missing.length > 0 ? `lacks ${candidate.missing.join(', ')}` : `older than ${describe(chosen)}`,
  }));
  const why = capable.length === 1 ? 'the only capable ffmpeg found' : `the newest capable ffmpeg of ${capable.length}`;
  return { chosen, why, passedOver };
}

/** A warning when the chosen build is more than five years old (its demuxers miss years of fixes). */
export function ageWarning(candidate: Candidate, now: Date = new Date()): string | undefined {
  const year = releaseYear(candidate.libavformat);
  if (year === undefined || now.getUTCFullYear() - year <= 5) return undefined;
  return `ffmpeg ${candidate.version} (from ${candidate.source}) is from about ${year}, more than 5 years old: its demuxers lack years of security fixes, and uploads are untrusted input — install a current ffmpeg (apt-get install ffmpeg) or pass --ffmpeg`;
}
