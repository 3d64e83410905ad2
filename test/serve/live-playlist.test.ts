// LL-HLS blocking reload and cache headers, over real sockets on 127.0.0.1 with a real folder.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlaylist } from '../../src/conversation/playlist.js';
import { cacheControlFor, startServer, type StaticServer } from '../../src/serve/server.js';
import { tempDir } from '../helpers/media.js';

const entry = (i: number) => ({ uri: `${String(i).padStart(4, '0')}.mp4`, durationSec: 1, initBytes: 10, segmentBytes: 10, discontinuity: false });
let dir: string;
let server: StaticServer;
const playlistFile = () => path.join(dir, 'talk.hls', 'playlist.m3u8');

/** Replaces the playlist as the conversation writer does: a whole new file renamed over it. */
async function publish(count: number, ended = false): Promise<void> {
  const temp = `${playlistFile()}.tmp`;
  await writeFile(temp, formatPlaylist(Array.from({ length: count }, (_, i) => entry(i + 1)), ended));
  await rename(temp, playlistFile());
}

beforeAll(async () => {
  dir = await tempDir('ll-hls');
  await mkdir(path.join(dir, 'talk.hls'));
  await writeFile(path.join(dir, 'talk.hls', '0001.mp4'), 'x');
  await writeFile(path.join(dir, 'progressive.mp4'), 'x');
  await publish(1);
  server = await startServer({ root: dir });
});
afterAll(() => server.close());

describe('blocking playlist reload (_HLS_msn)', () => {
  it('holds a request for the next segment until the playlist holds it, then answers with it', async () => {
    let answered = false;
    const pending = fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=1`).then(async (response) => {
      answered = true;
      return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), text: await response.text() };
    });
    // Not before: the playlist is rewritten without the segment first, and the request still waits.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publish(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    await publish(2);
    const result = await pending;
    expect(result.status).toBe(200);
    expect(result.type).toBe('application/vnd.apple.mpegurl');
    expect(result.cache).toBe('no-store');
    expect(result.text).toContain('0002.mp4');
  });

  it('answers at once for a segment it has, 400 for one too far ahead, at once once ended', async () => {
    expect((await fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=0`)).status).toBe(200);
    expect((await fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=9`)).status).toBe(400);
    expect((await fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=x`)).status).toBe(400);
    await publish(2, true);
    const ended = await fetch(`${server.url}talk.hls/playlist.m3u8?_HLS_msn=3`);
    expect(ended.status).toBe(200);
    expect(await ended.text()).toMatch(/#EXT-X-ENDLIST/);
  });
});

describe('cache headers', () => {
  it.each([
    ['talk.hls/playlist.m3u8', 'no-store'],
    ['talk.hls/0001.mp4', 'public, max-age=31536000, immutable'],
    ['seg/1.m4s', 'public, max-age=31536000, immutable'],
    ['progressive.mp4', 'no-cache'],
  ])('%s: %s', (file, expected) => expect(cacheControlFor(`/${file}`)).toBe(expected));

  it('are what the server sends', async () => {
    expect((await fetch(`${server.url}talk.hls/0001.mp4`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${server.url}talk.hls/playlist.m3u8`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${server.url}progressive.mp4`)).headers.get('cache-control')).toBe('no-cache');
  });
});

describe('the index page', () => {
  it('lists each conversation with a player fed from its playlist, and not its chunk files one by one', async () => {
    const { listConversations, listVideos, renderIndexPage } = await import('../../src/serve/index-page.js');
    const conversations = await listConversations(dir);
    expect(conversations).toEqual([{ playlist: 'talk.hls/playlist.m3u8', chunks: 2, ended: true }]);
    const videos = await listVideos(dir);
    expect(videos.map((video) => video.name)).toEqual(['progressive.mp4']);
    const page = renderIndexPage('t', videos, conversations);
    expect(page).toContain('data-playlist="/talk.hls/playlist.m3u8"');
    expect(page).toContain('<script type="module" src="/_streamprep/conversations.js"></script>');
    const { playerRoutes } = await import('../../src/serve/player-assets.js');
    const route = playerRoutes()['/_streamprep/player/chunk-player.js'];
    expect((await route?.())?.body).toMatch(/export function createChunkPlayer/);
  });
});

describe('parts (LL-HLS): a chunk still being written', () => {
  const part = (offset: number, bytes: number) => ({ offset, bytes, durationSec: 1 / 3, independent: offset === 10 });
  const hls = () => path.join(dir, 'live.hls');
  async function publishParts(parts: Array<ReturnType<typeof part>>, next: number): Promise<void> {
    const temp = path.join(hls(), 'playlist.m3u8.tmp');
    await writeFile(temp, formatPlaylist([], false, { partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 10, discontinuity: false, parts, nextOffset: next } }));
    await rename(temp, path.join(hls(), 'playlist.m3u8'));
  }

  it('holds _HLS_part for the next part, answers at once for one it has', async () => {
    await mkdir(hls());
    await writeFile(path.join(hls(), '0001.mp4'), Buffer.alloc(40, 1));
    await publishParts([part(10, 30)], 40);
    expect((await fetch(`${server.url}live.hls/playlist.m3u8?_HLS_msn=0&_HLS_part=0`)).status).toBe(200);
    expect((await fetch(`${server.url}live.hls/playlist.m3u8?_HLS_msn=0&_HLS_part=x`)).status).toBe(400);
    let answered = false;
    const pending = fetch(`${server.url}live.hls/playlist.m3u8?_HLS_msn=0&_HLS_part=1`).then(async (response) => {
      answered = true;
      return response.text();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    await writeFile(path.join(hls(), '0001.mp4'), Buffer.alloc(60, 1));
    await publishParts([part(10, 30), part(40, 20)], 60);
    expect(await pending).toContain('BYTERANGE="20@40"');
  });

  it('serves the growing file uncached, and holds a preload hint\'s request until its part is there, then sends exactly the part', async () => {
    const whole = await fetch(`${server.url}live.hls/0001.mp4`);
    expect(whole.headers.get('cache-control')).toBe('no-store');
    await whole.arrayBuffer();
    let answered = false;
    const hinted = fetch(`${server.url}live.hls/0001.mp4`, { headers: { range: 'bytes=60-' } }).then(async (response) => {
      answered = true;
      return { status: response.status, range: response.headers.get('content-range'), bytes: new Uint8Array(await response.arrayBuffer()) };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    // The part is written (and more after it), then listed.
    await writeFile(path.join(hls(), '0001.mp4'), Buffer.concat([Buffer.alloc(60, 1), Buffer.alloc(25, 2), Buffer.alloc(5, 3)]));
    await publishParts([part(10, 30), part(40, 20), part(60, 25)], 85);
    const result = await hinted;
    expect(result.status).toBe(206);
    expect(result.range).toBe('bytes 60-84/90');
    expect([...new Set(result.bytes)]).toEqual([2]);
    // Past the end and not hinted: answered at once.
    expect((await fetch(`${server.url}live.hls/0001.mp4`, { headers: { range: 'bytes=500-' } })).status).toBe(416);
  });
});

describe('a live playlist before its first whole segment', () => {
  const part = (offset: number, bytes: number, independent: boolean) => ({ offset, bytes, durationSec: 1 / 3, independent, segment: independent && offset > 10 });
  const first = () => path.join(dir, 'first.hls');
  async function publishOpen(parts: Array<ReturnType<typeof part>>): Promise<void> {
    const temp = path.join(first(), 'playlist.m3u8.tmp');
    const next = parts.reduce((end, p) => Math.max(end, p.offset + p.bytes), 10);
    await writeFile(temp, formatPlaylist([], false, { partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 10, discontinuity: false, parts, nextOffset: next } }));
    await rename(temp, path.join(first(), 'playlist.m3u8'));
  }

  it('holds a plain request until it has one (hls.js cannot start without, and asks again only 6 s later); parts are there at once for who asks for them', async () => {
    await mkdir(first());
    await publishOpen([part(10, 30, true), part(40, 20, false)]);
    // A follower that wants parts asks for part 0: answered at once.
    const parts = await fetch(`${server.url}first.hls/playlist.m3u8?_HLS_msn=0&_HLS_part=0`);
    expect(parts.status).toBe(200);
    expect(await parts.text()).not.toMatch(/#EXTINF/);
    let answered = false;
    const plain = fetch(`${server.url}first.hls/playlist.m3u8`).then(async (response) => {
      answered = true;
      return { status: response.status, cache: response.headers.get('cache-control'), text: await response.text() };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publishOpen([part(10, 30, true), part(40, 20, false), part(60, 20, false)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    // A keyframe starts the next part: the parts before it are a whole segment.
    await publishOpen([part(10, 30, true), part(40, 20, false), part(60, 20, false), part(80, 25, true)]);
    const result = await plain;
    expect(result.status).toBe(200);
    expect(result.cache).toBe('no-store');
    expect(result.text).toMatch(/#EXTINF:1\.000000,\n#EXT-X-BYTERANGE:70@10\n0001\.mp4\n/);
    // From then on a plain request is answered at once.
    expect(await (await fetch(`${server.url}first.hls/playlist.m3u8`)).text()).toBe(result.text);
  });
});

describe.runIf(process.platform === 'linux')('a client that leaves while its preload hint is held', () => {
  it('leaves no open file behind once the part comes', async () => {
    const { readdir: list, readlink: link } = await import('node:fs/promises');
    const left = path.join(dir, 'left.hls');
    await mkdir(left);
    const chunk = path.join(left, '0001.mp4');
    await writeFile(chunk, Buffer.alloc(40, 1));
    const publishPart = async (parts: Array<{ offset: number; bytes: number }>, next: number) => {
      await writeFile(path.join(left, 'playlist.m3u8.tmp'), formatPlaylist([], false, { partTargetSec: 1 / 3, open: { uri: '0001.mp4', initBytes: 10, discontinuity: false, parts: parts.map((p, i) => ({ ...p, durationSec: 1 / 3, independent: i === 0 })), nextOffset: next } }));
      await rename(path.join(left, 'playlist.m3u8.tmp'), path.join(left, 'playlist.m3u8'));
    };
    await publishPart([{ offset: 10, bytes: 30 }], 40);
    const openOnChunk = async () => (await Promise.all((await list('/proc/self/fd')).map((fd) => link(`/proc/self/fd/${fd}`).catch(() => '')))).filter((target) => target === chunk).length;
    const leaving = new AbortController();
    const request = fetch(`${server.url}left.hls/0001.mp4`, { headers: { range: 'bytes=40-' }, signal: leaving.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await openOnChunk()).toBe(1); // held, with the file open
    leaving.abort();
    await request;
    // The part comes after the client left: the held request ends and its file is closed.
    await writeFile(chunk, Buffer.alloc(60, 1));
    await publishPart([{ offset: 10, bytes: 30 }, { offset: 40, bytes: 20 }], 60);
    let open = 1;
    for (let i = 0; i < 100 && open > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = await openOnChunk();
    }
    expect(open).toBe(0);
  });
});
