// Optional packages: a missing one is named with the command that needs it (exit 2); nothing else needs them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMissingPackage, loadOptional } from '../src/optional-package.js';
import { readableCli } from './helpers/other-user.js';

describe('isMissingPackage', () => {
  it.each([
    [{ code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find package 'bullmq' imported from /x/dist/queue/enqueue.js" }, true],
    [{ code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find package 'playwright-core' imported from /x/chunk.mjs" }, true],
    [{ code: 'ERR_MODULE_NOT_FOUND', message: "Cannot find module '/x/dist/queue/missing.js'" }, false],
    [{ code: 'EACCES', message: "bullmq" }, false],
    [new Error('boom'), false],
  ])('%j → %s', (error, expected) => {
    expect(isMissingPackage(error, ['bullmq', 'ioredis', 'playwright-core'])).toBe(expected);
  });

  it('turns a missing package into one line naming it and how to install it (exit 2)', async () => {
    const missing = Object.assign(new Error("Cannot find package 'ioredis' imported from /x"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadOptional(['bullmq', 'ioredis'], 'enqueue', () => Promise.reject(missing)))
      .rejects.toMatchObject({ exitCode: 2, message: 'enqueue needs the optional packages bullmq and ioredis: npm install bullmq@6 ioredis@5' });
  });
});

describe('an install without the optional packages', () => {
  it('runs every other command, and names the packages a queue command needs', async () => {
    const cli = path.join(readableCli(), 'bin', 'streamprep.js');
    const result = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      execFile(process.execPath, [cli, 'queue', 'status', '--redis', 'redis://127.0.0.1:1'], (error, stdout, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/queue status needs the optional packages bullmq and ioredis: npm install bullmq@6 ioredis@5/);
    const doctor = await new Promise<number>((resolve) => execFile(process.execPath, [cli, 'presets'], (error) => resolve((error as { code?: number } | null)?.code ?? 0)));
    expect(doctor).toBe(0);
  });
});
