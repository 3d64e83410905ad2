// The names this tool gives its own files beside an output: temporary files and output locks. Both are
// hidden, fit the file system's name limit whatever the output's length, and are recognised by their
// exact shape only, so a user's "promo.streamprep-v2.mp4" is never mistaken for one. Pure.
import path from 'node:path';

/** NAME_MAX of Linux, macOS and Windows file systems, in bytes (UTF-8). */
export const NAME_MAX = 255;

const TEMP_SHAPE = /^\..*\.streamprep-\d{1,10}-[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]{1,16})?$/s;
const LOCK_SHAPE = /^\..*\.streamprep\.lock$/s;

export const isOwnTempName = (name: string): boolean => TEMP_SHAPE.test(name);

/** The pid of the process that made a temporary file of ours, or undefined for any other name. */
export function tempNamePid(name: string): number | undefined {
  if (!isOwnTempName(name)) return undefined;
  return Number(/\.streamprep-(\d{1,10})-[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]{1,16})?$/.exec(name)?.[1]);
}
export const isOwnLockName = (name: string): boolean => LOCK_SHAPE.test(name);
/** Files this tool writes beside outputs: never inputs, and removed when stale. */
export const isOwnFileName = (name: string): boolean => isOwnTempName(name) || isOwnLockName(name);

/** The longest prefix of `text` that takes at most `bytes` bytes in UTF-8, cut between characters. */
export function truncateUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** FNV-1a, 32 bits, as 8 hex digits: tells long names apart (not a security measure; node:crypto costs start-up time). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `.` + stem + suffix within NAME_MAX. A stem that must be cut gets a short hash of the whole name,
 * so two long names that share a prefix still get different names.
 */
function hiddenName(base: string, suffix: string): string {
  const whole = `.${base}${suffix}`;
  if (Buffer.byteLength(whole) <= NAME_MAX) return whole;
  const tag = `~${fnv1a(base)}`;
  const room = NAME_MAX - Buffer.byteLength(`.${tag}${suffix}`);
  return `.${truncateUtf8(base, room)}${tag}${suffix}`;
}

/** ".clip.streamprep-1234-9f8e7d6c.tmp.mp4" beside "clip.mp4". */
export function tempNameFor(base: string, pid: number, random: string): string {
  const ext = path.extname(base);
  const safeExt = /^\.[A-Za-z0-9]{1,16}$/.test(ext) ? ext : '';
  return hiddenName(base.slice(0, base.length - safeExt.length), `.streamprep-${pid}-${random}.tmp${safeExt}`);
}

/** ".clip.mp4.streamprep.lock" beside "clip.mp4": held while one run writes that output. */
export const lockNameFor = (base: string): string => hiddenName(base, '.streamprep.lock');

/** Why a name cannot be created, or undefined: names over NAME_MAX bytes fail with ENAMETOOLONG. */
export function nameTooLong(file: string): string | undefined {
  const bytes = Buffer.byteLength(path.basename(file));
  return bytes > NAME_MAX ? `the output name ${path.basename(file).slice(0, 40)}… is ${bytes} bytes, more than the ${NAME_MAX} a file name may have` : undefined;
}
