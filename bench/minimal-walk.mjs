// The floor for `check`: a minimal Node walk of a folder's MP4s that reads each file's top-level box
// headers until it knows whether moov comes before mdat (or, with --all, every top-level header: what
// telling "moov at the end" from "no moov" takes). No validation, no reporting: what any checker must at
// least do. Usage: node bench/minimal-walk.mjs <folder> [--all]
import { closeSync, openSync, readSync, readdirSync, fstatSync } from 'node:fs';
import path from 'node:path';

const folder = process.argv[2];
const all = process.argv.includes('--all');
const header = Buffer.alloc(16);
let faststart = 0;
let total = 0;
for (const name of readdirSync(folder)) {
  if (!name.endsWith('.mp4')) continue;
  const fd = openSync(path.join(folder, name), 'r');
  const size = fstatSync(fd).size;
  let position = 0;
  let verdict = false;
  let seenMdat = false;
  while (position + 8 <= size) {
    readSync(fd, header, 0, 16, position);
    let boxSize = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
    if (boxSize === 0) boxSize = size - position;
    if (boxSize < 8) break;
    if (type === 'moov' && !all) { verdict = true; break; }
    if (type === 'mdat' && !all) break;
    if (type === 'moov' && !seenMdat) verdict = true;
    if (type === 'mdat') seenMdat = true;
    position += boxSize;
  }
  closeSync(fd);
  total++;
  if (verdict) faststart++;
}
process.stdout.write(`${faststart}/${total} faststart\n`);
