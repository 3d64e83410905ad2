// The web built-in (extends streaming) on a real 1080p clip: fitted to 1280x720, H.264 Main 3.1,
// a keyframe every 2 s, 48 kHz stereo, and check --preset web passes it. Real ffmpeg.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobe, runCli, tempDir } from '../helpers/media.js';

const run = promisify(execFile);

describe('the web preset', () => {
  it('fits 1080p into 720p Main 3.1 with keyframes every 2 s, and passes its own check', async () => {
    const dir = await tempDir('web-preset');
    await run(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=44100',
      '-t', '5', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '300', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path.join(dir, 'in.mp4')]);
    const result = await runCli(['optimize', 'in.mp4', '-o', 'out', '-p', 'web', '--no-progress'], { cwd: dir });
    expect(result.code).toBe(0);
    const output = path.join(dir, 'out', 'in.mp4');
    const probed = await ffprobe(output);
    const video = probed.streams.find((stream) => stream.codec_type === 'video');
    expect(video).toMatchObject({ width: 1280, height: 720, profile: 'Main', level: 31 });
    expect(probed.streams.find((stream) => stream.codec_type === 'audio')).toMatchObject({ sample_rate: '48000', channels: 2 });
    const inspected = JSON.parse((await runCli(['inspect', output, '--json'])).stdout);
    const stss = JSON.stringify(inspected.boxes.find((box: { type: string }) => box.type === 'moov').children);
    expect(stss).toMatch(/"type":"stss","offset":\d+,"size":\d+,"entryCount":3\b/); // 0, 2 and 4 s of 150 frames
    const check = await runCli(['check', output, '--preset', 'web']);
    expect(check.code).toBe(0);
  });
});
