// Pure readers of `ffmpeg -version` and `ffmpeg -encoders` output.

/** "ffmpeg version 5.1.9-0+deb12u1 Copyright…" → "5.1.9-0+deb12u1". */
export function parseVersionLine(output: string): string | undefined {
  return /^\s*ff(?:mpeg|probe) version (\S+)/m.exec(output)?.[1];
}

/** libavformat's major version: reliable even for git builds named "N-47683-g0e8eb07980". */
export function parseLibavformatMajor(output: string): number | undefined {
  const match = /^\s*libavformat\s+(\d+)\.\s*\d+/m.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** libavformat's major and minor version. */
export function parseLibavformat(output: string): { major: number; minor: number } | undefined {
  const match = /^\s*libavformat\s+(\d+)\.\s*(\d+)/m.exec(output);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** zscale (HDR tone mapping) is there when the build links libzimg; undefined when the configuration does not tell. */
export function hasZscale(output: string): boolean | undefined {
  const configuration = /^configuration:(.*)$/m.exec(output)?.[1];
  return configuration === undefined ? undefined : configuration.includes('--enable-libzimg');
}

/** Encoder names from `ffmpeg -hide_banner -encoders` (" V....D libx264  libx264 H.264 …"). */
export function parseEncoders(output: string): Set<string> {
  const names = new Set<string>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s[VAS][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line);
    if (match?.[1] && match[1] !== '=') names.add(match[1]);
  }
  return names;
}

/**
 * Encoders a build certainly has, read from `-version`'s configuration line: libx264 when configured
 * with --enable-libx264, and the native aac encoder unless it was disabled. Saves an `-encoders` run.
 */
export function encodersFromConfiguration(output: string): Set<string> | undefined {
  const configuration = /^configuration:(.*)$/m.exec(output)?.[1];
  if (configuration === undefined || !configuration.includes('--enable-libx264')) return undefined;
  if (/--disable-encoders?\b|--disable-encoder=aac\b|--disable-everything/.test(configuration)) return undefined;
  return new Set(['libx264', 'aac']);
}
