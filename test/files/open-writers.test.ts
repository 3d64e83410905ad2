import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdinfoWrites, heldOpenForWriting } from '../../src/files/open-writers.js';
import { statLook } from '../../src/live/inbox.js';
import { tempDir } from '../helpers/media.js';

describe('fdinfoWrites', () => {
  it.each([
    ['pos:\t0\nflags:\t0100001\nmnt_id:\t30\n', true], // O_WRONLY|O_LARGEFILE
    ['pos:\t0\nflags:\t02102002\n', true], // O_RDWR|…
    ['pos:\t0\nflags:\t0100000\n', false], // O_RDONLY
    ['pos:\t0\nflags:\t02400000\n', false],
    ['', false],
    ['flags: nonsense\n', false],
  ])('%j → %s', (text, writes) => expect(fdinfoWrites(text)).toBe(writes));
});

/** A shell holding `file` open (`>>` appends, `<` reads) until killed; resolves once it has it open. */
async function holder(file: string, redirect: '>>' | '<'): Promise<ChildProcess> {
  const child = spawn('sh', ['-c', `exec 3${redirect}'${file}'; echo open; exec sleep 60`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return child;
}

const exited = (child: ChildProcess): Promise<unknown> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));

describe.runIf(existsSync('/proc/self/fdinfo'))('heldOpenForWriting (Linux)', () => {
  it('sees another process writing the file, not one reading it, and not once the writer has gone', async () => {
    const dir = await tempDir('open-writers');
    const file = path.join(dir, 'chunk.y4m');
    await writeFile(file, 'YUV4MPEG2 ');
    const { id } = (await statLook(file))!;
    expect(await heldOpenForWriting(id)).toBe(false);
    const reader = await holder(file, '<');
    try {
      expect(await heldOpenForWriting(id)).toBe(false);
      const writer = await holder(file, '>>');
      expect(await heldOpenForWriting(id)).toBe(true);
      writer.kill('SIGKILL');
      await exited(writer);
      expect(await heldOpenForWriting(id)).toBe(false);
    } finally {
      reader.kill('SIGKILL');
      await exited(reader);
    }
  }, 30_000);

  it('says unknown where there is no /proc to ask', async () => {
    expect(await heldOpenForWriting('1:2', '/nonexistent-proc')).toBeUndefined();
  });
});
