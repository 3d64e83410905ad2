// How a path is shown to users: relative to the working folder when inside it, absolute otherwise.
import path from 'node:path';

export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
