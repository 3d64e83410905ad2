// Finds and launches a system Chromium for measurements, through playwright-core (which downloads
// nothing): Debian's chromium-headless-shell, or chromium, or STREAMPREP_CHROMIUM.
import { existsSync } from 'node:fs';
import { StreamprepError } from '../errors.js';
import { loadOptional } from '../optional-package.js';

const CANDIDATES = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = CANDIDATES): string {
  const explicit = env.STREAMPREP_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) throw new StreamprepError(`STREAMPREP_CHROMIUM=${explicit}: no such file`, 2);
    return explicit;
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new StreamprepError('no Chromium found: install Debian\'s chromium-headless-shell (apt-get install chromium-headless-shell) or chromium, or set STREAMPREP_CHROMIUM', 2);
  }
  return found;
}

/** Flags for a quiet, local-only headless browser that plays video without a user gesture. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--mute-audio',
];

export async function launchChromium(executablePath: string = findChromium()) {
  const { chromium } = await loadOptional(['playwright-core'], 'bench browser', () => import('playwright-core'));
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
