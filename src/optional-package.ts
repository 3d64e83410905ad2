// Packages only some commands need (playwright-core for bench browser, bullmq and ioredis for the
// queue) are optional: not installed with streamprep, loaded when a command needs them, and named in a
// one-line error (exit 2) when absent — so every user does not carry 30 MB for two commands.
import { StreamprepError } from './errors.js';

/** Whether an import failed because `packages` (or one of them) is not installed. Pure. */
export function isMissingPackage(error: unknown, packages: readonly string[]): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return packages.some((name) => (message ?? '').includes(`'${name}'`) || (message ?? '').includes(`"${name}"`) || (message ?? '').includes(`/${name}/`));
}

/** Runs `load`; a missing package becomes "<what> needs <packages>: npm install …" (exit 2). */
export async function loadOptional<T>(packages: readonly string[], what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, packages)) throw error;
    const specs = packages.map((name) => OPTIONAL_VERSIONS[name] ? `${name}@${OPTIONAL_VERSIONS[name]}` : name).join(' ');
    throw new StreamprepError(`${what} needs the optional package${packages.length > 1 ? 's' : ''} ${packages.join(' and ')}: npm install ${specs}`, 2, { cause: error });
  }
}

/** The majors streamprep is tested with (package.json's peerDependencies). */
const OPTIONAL_VERSIONS: Record<string, string> = { 'playwright-core': '1.65', bullmq: '6', ioredis: '5' };
