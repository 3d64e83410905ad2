// The process runner, on real (tiny) Node processes.
import { describe, expect, it } from 'vitest';
import { runTool } from '../../src/ffmpeg/run.js';

const node = (code: string) => [process.execPath, ['-e', code]] as const;

describe('runTool', () => {
  it('returns the exit code, stdout and the tail of stderr', async () => {
    const [file, args] = node('process.stdout.write("out"); process.stderr.write("x".repeat(5000) + "END"); process.exit(3)');
    const result = await runTool(file, args, { collectStdout: true, stderrTailBytes: 100 });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out', timedOut: false, aborted: false, spawnError: undefined });
    expect(result.stderrTail.endsWith('END')).toBe(true);
    expect(result.stderrTail.length).toBeLessThanOrEqual(100);
  });

  it('streams stdout lines', async () => {
    const lines: string[] = [];
    const [file, args] = node('console.log("frame=1"); console.log("frame=2\\nprogress=end")');
    await runTool(file, args, { onStdoutLine: (line) => lines.push(line) });
    expect(lines).toEqual(['frame=1', 'frame=2', 'progress=end']);
  });

  it('kills a process that runs past its time limit', async () => {
    const [file, args] = node('setTimeout(() => {}, 30000)');
    const result = await runTool(file, args, { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeUndefined();
    expect(result.wallMs).toBeLessThan(10_000);
  });

  it('kills it when the signal aborts', async () => {
    const controller = new AbortController();
    const [file, args] = node('setTimeout(() => {}, 30000)');
    setTimeout(() => controller.abort(), 200);
    const result = await runTool(file, args, { signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(result.exitCode).toBeUndefined();
  });

  it('says why a program could not start', async () => {
    const result = await runTool('/nonexistent/ffmpeg', ['-version']);
    expect(result.spawnError).toMatch(/ENOENT/);
  });
});
