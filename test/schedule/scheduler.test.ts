// The one scheduler, without spawning anything: slots, order, the thread plan, reservations.
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { parallelAtDispatch, threadsFor } from '../../src/schedule/thread-plan.js';

/** A task that runs until released by hand, recording when it started and with how many threads. */
function controllable() {
  const started: Array<{ name: string; threads: number }> = [];
  const releases = new Map<string, () => void>();
  const task = (name: string) => async ({ threads }: { threads: number }) => {
    started.push({ name, threads });
    await new Promise<void>((resolve) => releases.set(name, resolve));
    return name;
  };
  const finish = async (name: string) => {
    releases.get(name)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, task, finish };
}

describe('createScheduler', () => {
  it('runs at most `concurrency` tasks, in order of arrival', async () => {
    const scheduler = createScheduler({ concurrency: 2, cores: 2 });
    const { started, task, finish } = controllable();
    const results = ['a', 'b', 'c', 'd'].map((name) => scheduler.run(task(name)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.map((s) => s.name)).toEqual(['a', 'b']);
    expect([scheduler.running, scheduler.waiting]).toEqual([2, 2]);
    await finish('b');
    expect(started.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    await finish('a');
    await finish('c');
    await finish('d');
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    await scheduler.idle();
  });

  it('gives a lone job the cores and a busy machine one thread per job', async () => {
    const scheduler = createScheduler({ concurrency: 2, cores: 2 });
    const { started, task, finish } = controllable();
    void scheduler.run(task('lone'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started[0]).toEqual({ name: 'lone', threads: 2 });
    void scheduler.run(task('second'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started[1]).toEqual({ name: 'second', threads: 1 });
    await finish('lone');
    await finish('second');
  });

  it('counts reserved jobs and the caller\'s backlog when planning threads', async () => {
    let backlog = 0;
    const scheduler = createScheduler({ concurrency: 2, cores: 2, backlog: () => backlog });
    const { started, task, finish } = controllable();
    const coming = scheduler.reserve();
    void scheduler.run(task('first'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started[0]?.threads).toBe(1); // another job is announced
    coming.release();
    await finish('first');
    backlog = 3;
    void scheduler.run(task('with-backlog'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started[1]?.threads).toBe(1);
    await finish('with-backlog');
  });

  it('honours a fixed thread count', async () => {
    const scheduler = createScheduler({ concurrency: 4, cores: 2, threads: 3 });
    expect(await scheduler.run(async ({ threads }) => threads)).toBe(3);
  });

  it('frees the slot of a task that fails', async () => {
    const scheduler = createScheduler({ concurrency: 1, cores: 2 });
    await expect(scheduler.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await scheduler.run(async () => 'next')).toBe('next');
  });

  it('refuses a concurrency that is not a whole number ≥ 1', () => {
    expect(() => createScheduler({ concurrency: 0, cores: 2 })).toThrow(RangeError);
  });
});

describe('parallelAtDispatch', () => {
  it.each([
    // index, total, concurrency → jobs side by side when it starts
    [0, 1, 2, 1],
    [0, 12, 2, 2],
    [10, 12, 2, 2],
    [11, 12, 2, 2],
    [0, 3, 4, 3],
    [2, 3, 4, 3],
  ])('job %i of %i at concurrency %i runs beside %i', (index, total, concurrency, expected) => {
    expect(parallelAtDispatch(index, total, concurrency)).toBe(expected);
  });

  it('matches what the scheduler sees when a batch is handed in (reserved) up front', async () => {
    const total = 5;
    const scheduler = createScheduler({ concurrency: 2, cores: 4 });
    const seen: number[] = [];
    const reservations = Array.from({ length: total }, () => scheduler.reserve());
    await Promise.all(reservations.map((reservation, i) => reservation.run(async ({ threads }) => {
      seen[i] = threads;
      await new Promise((resolve) => setTimeout(resolve, 5 * (i + 1)));
    })));
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => threadsFor(4, parallelAtDispatch(i, total, 2))));
  });
});
