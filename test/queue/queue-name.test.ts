// A queue's name is checked before anything connects: every queue command exits 2 at once with the
// rule (it printed "unexpected error: Queue name cannot contain :" and never exited), and the library
// calls throw a usage error the same way. The name is shown escaped (a newline cannot forge a line).
import { describe, expect, it } from 'vitest';
import { enqueue, queueStatus } from '../../src/queue/entry.js';
import { QUEUE_NAME_RULE, queueNameProblem } from '../../src/queue/queue-name.js';
import { runCli } from '../helpers/media.js';

describe('queueNameProblem', () => {
  it.each(['streamprep', 'talks-2026.prod_1', 'a'.repeat(64)])('accepts %s', (name) => expect(queueNameProblem(name)).toBeUndefined());
  it.each(['', 'a:b', 'a\nb', 'a b', 'a'.repeat(65), 'ü', '{x}'])('refuses %j', (name) => expect(queueNameProblem(name)).toMatch(/queue name must be/));
});

describe('every queue command, before connecting', () => {
  // A port nothing listens on: a command that tried to connect would fail otherwise (or wait), not exit 2 with the rule.
  const redis = ['--redis', 'redis://127.0.0.1:1'];
  it.each([
    ['queue status', ['queue', 'status']],
    ['queue retry', ['queue', 'retry']],
    ['queue clean', ['queue', 'clean']],
    ['enqueue', ['enqueue', 'fixtures', '-o', 'out']],
    ['worker', ['worker']],
  ])('%s refuses a:b, an empty name and a line break with exit 2 and the rule', async (_label, args) => {
    for (const name of ['a:b', '', 'x\nFAKE  line']) {
      const result = await runCli([...args, ...redis, '--queue', name]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`queue name must be ${QUEUE_NAME_RULE}`);
      expect(result.stderr).not.toMatch(/^FAKE/m);
      expect(result.stderr).not.toMatch(/unexpected error/);
    }
  }, 120_000);

  it('the library calls refuse it too, without connecting', async () => {
    await expect(queueStatus('redis://127.0.0.1:1', 'a:b')).rejects.toThrow(/queue name must be/);
    await expect(enqueue(['fixtures'], { output: 'out', redis: 'redis://127.0.0.1:1', queue: '' })).rejects.toThrow(/queue name must be/);
  });
});
