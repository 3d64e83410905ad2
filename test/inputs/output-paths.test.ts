import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignOutputs, commonRoot } from '../../src/inputs/output-paths.js';

const input = (file: string, root: string) => ({ path: file, root });

describe('commonRoot', () => {
  it.each([
    [['/a/b/c', '/a/b/d'], '/a/b'],
    [['/a/b', '/a/b'], '/a/b'],
    [['/a/b', '/x'], '/'],
    [['/a/bc', '/a/b'], '/a'],
  ])('%j → %s', (roots, expected) => {
    expect(commonRoot(roots)).toBe(expected);
  });
});

describe('assignOutputs', () => {
  it('keeps relative paths under one folder input, with .mp4', () => {
    const outputs = assignOutputs([input('/in/a/x.mov', '/in'), input('/in/b/x.mov', '/in')], '/out');
    expect(outputs.map((o) => o.output)).toEqual(['/out/a/x.mp4', '/out/b/x.mp4']);
  });

  it('counts several inputs from their common folder, so same names never collide', () => {
    const outputs = assignOutputs([input('/w/day1/x.mp4', '/w/day1'), input('/w/day2/x.mp4', '/w/day2')], '/out');
    expect(outputs.map((o) => o.output)).toEqual(['/out/day1/x.mp4', '/out/day2/x.mp4']);
  });

  it('reports two inputs that would share an output', () => {
    const [first, second] = assignOutputs([input('/in/x.mp4', '/in'), input('/in/x.mov', '/in')], '/out');
    expect(first?.output).toBe('/out/x.mp4');
    expect(second?.output).toBeUndefined();
    expect(second?.conflict).toMatchObject({ cause: 'collision', reason: expect.stringMatching(/already the output of \/in\/x\.mp4/) });
  });

  it('never writes over an input', () => {
    const [only] = assignOutputs([input('/in/x.mp4', '/in')], '/in');
    expect(only?.output).toBeUndefined();
    expect(only?.conflict).toMatchObject({ cause: 'collision', reason: expect.stringMatching(/would overwrite the input/) });
  });

  it('resolves a relative output folder', () => {
    const [only] = assignOutputs([input('/in/x.webm', '/in')], 'out');
    expect(only?.output).toBe(path.resolve('out', 'x.mp4'));
  });
});
