// serve's entrances kept to one set of rules, over real sockets: only regular files are opened (a FIFO
// never blocks a request or the process), the blocking-reload path obeys the same confinement and
// dotfile rules as a plain GET and reads a playlist once and only up to a cap, crafted paths are never a
// 5xx, one signal stops it, and a front end on another origin may read the media (--cors).
import { execFile } from 'node:child_process';
import { mkdir, open, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlaylist } from '../../src/conversation/playlist.js';
import { listVideos } from '../../src/serve/index-page.js';
import { PAGE_CSP, type StaticServer, startServer } from '../../src/serve/server.js';
import { FIXTURES, tempDir } from '../helpers/media.js';
import { pipelinedRequests } from '../helpers/raw-http.js';
import { startServeCli } from '../helpers/serve-cli.js';

const run = promisify(execFile);
let dir: string;
let root: string;
let server: StaticServer;

const playlist = (count: number) => formatPlaylist(Array.from({ length: count }, (_, i) => ({ uri: `${String(i + 1).padStart(4, '0')}.mp4`, durationSec: 1, initBytes: 10, segmentBytes: 10, discontinuity: false })), false);

beforeAll(async () => {
  dir = await tempDir('entrances');
  root = path.join(dir, 'public');
  await mkdir(path.join(root, 'talk.hls'), { recursive: true });
  await mkdir(path.join(root, '.hidden'), { recursive: true });
  await writeFile(path.join(root, 'clip.mp4'), await readFile(path.join(FIXTURES, 'slow-10fps.mp4')));
  await writeFile(path.join(root, 'talk.hls', 'playlist.m3u8'), playlist(2));
  await writeFile(path.join(root, '.secret.m3u8'), playlist(2));
  await writeFile(path.join(root, '.hidden', 'x.m3u8'), playlist(2));
  await writeFile(path.join(dir, 'outside.m3u8'), playlist(2));
  await symlink(path.join(dir, 'outside.m3u8'), path.join(root, 'out.m3u8'));
  await run('mkfifo', [path.join(root, 'pipe.mp4')]);
  await run('mkfifo', [path.join(root, 'pipe.m3u8')]);
  server = await startServer({ root, cors: ['http://front.test:5173'] });
});
afterAll(() => server.close());

const get = (pathname: string, init: RequestInit = {}) => fetch(new URL(pathname, server.url), init);

describe('only regular files', () => {
  it('a FIFO is 404 however many ask, plain or blocking reload, and every other request is still answered', async () => {
    const asks = Array.from({ length: 12 }, (_, i) => get(i % 2 ? '/pipe.mp4' : '/pipe.m3u8?_HLS_msn=0'));
    const statuses = await Promise.all(asks.map(async (ask) => (await ask).status));
    expect(statuses).toEqual(Array(12).fill(404));
    expect((await get('/clip.mp4')).status).toBe(200);
  });

  it('the index lists no FIFO', async () => {
    const listed = (await listVideos(root)).map((entry) => entry.name);
    expect(listed).toContain('clip.mp4');
    expect(listed).not.toContain('pipe.mp4');
  });
});

describe('the blocking-reload path keeps the rules of a plain GET', () => {
  it.each([
    ['/.secret.m3u8?_HLS_msn=0', 403],
    ['/.hidden/x.m3u8?_HLS_msn=0', 403],
    ['/%2Esecret.m3u8?_HLS_msn=0', 403],
    ['/out.m3u8?_HLS_msn=0', 404], // a symlink leading out of the folder
    ['/../outside.m3u8?_HLS_msn=0', 403],
  ])('%s → %i, as without _HLS_msn', async (target, status) => {
    const statuses = await pipelinedRequests(new URL(server.url), [target, target.replace(/\?.*/, '')], 'GET');
    expect(statuses).toEqual([status, status]);
  });

  it('a playlist inside the folder is still answered at once when it holds the segment', async () => {
    const response = await get('/talk.hls/playlist.m3u8?_HLS_msn=1');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('0002.mp4');
  });
});

describe('crafted paths', () => {
  it('40,000 crafted request targets: never a 5xx', async () => {
    // Deterministic: the same paths every run. Pieces that broke servers: leading "//", encoded slashes
    // and dots, bad percent escapes, absolute forms, queries that open the blocking-reload path.
    const pieces = ['/', '//', '%2F', '%2f', '%2e', '.', '..', '%', '%zz', '%E0%A4', '%C0%AF', '%00', 'talk.hls', 'playlist.m3u8', 'clip.mp4', '.secret.m3u8', '?', '?_HLS_msn=0', '&_HLS_msn=99999999999', '?_HLS_msn=-1', ';', ':', '@', 'http:', '~', '+', 'pipe.mp4', "'"];
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const paths = Array.from({ length: 40_000 }, () => {
      let target = next() < 0.5 ? '//' : '/';
      const count = 1 + Math.floor(next() * 8);
      for (let i = 0; i < count; i++) target += pieces[Math.floor(next() * pieces.length)];
      return target;
    });
    const statuses = await pipelinedRequests(new URL(server.url), paths, 'GET');
    expect(statuses).toHaveLength(40_000);
    const errors = statuses.map((status, i) => [status, paths[i]] as const).filter(([status]) => status >= 500);
    expect(errors.slice(0, 5)).toEqual([]);
  }, 180_000);
});

describe('a playlist too large to hold', () => {
  it('20 blocking reloads of a 52-MB playlist: each gets the file, the server stays under 200 MB resident', async () => {
    const bigDir = await tempDir('big-playlist');
    const big = path.join(bigDir, 'big.m3u8');
    const handle = await open(big, 'w');
    const line = Buffer.from(`#EXTINF:1.000,\n${'x'.repeat(80)}.mp4\n`);
    const block = Buffer.concat(Array(1000).fill(line));
    for (let written = 0; written < 52 * 1024 * 1024; written += block.length) await handle.write(block);
    await handle.close();
    const serve = await startServeCli([bigDir]);
    try {
      const sizes = await Promise.all(Array.from({ length: 20 }, async () => {
        const response = await fetch(new URL('/big.m3u8?_HLS_msn=0', serve.url));
        let bytes = 0;
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) bytes += chunk.length;
        return { status: response.status, bytes };
      }));
      const expected = (await readFile(big)).length;
      expect(sizes).toEqual(Array(20).fill({ status: 200, bytes: expected }));
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${serve.child.pid}/status`, 'utf8'))?.[1]);
      expect(peakKb).toBeLessThan(200 * 1024);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  }, 120_000);
});

describe('one signal stops it', () => {
  it('with requests for a FIFO made, SIGTERM ends serve with 143', async () => {
    const serve = await startServeCli([root]);
    const asks = Array.from({ length: 8 }, () => fetch(new URL('/pipe.mp4', serve.url)).then((response) => response.status, () => 'closed'));
    expect(await Promise.all(asks)).toEqual(Array(8).fill(404));
    expect((await fetch(serve.url)).status).toBe(200); // the index still answers
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(143);
  }, 60_000);
});

describe('a front end on another origin (--cors)', () => {
  const origin = 'http://front.test:5173';
  it('answers a Range preflight, and exposes the length and range of what it sends', async () => {
    const pre = await get('/clip.mp4', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'range' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')).toBe('range');
    const response = await get('/clip.mp4', { headers: { origin, range: 'bytes=0-99' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Content-Length, Content-Range, Accept-Ranges/);
    const blocking = await get('/talk.hls/playlist.m3u8?_HLS_msn=1', { headers: { origin } });
    expect(blocking.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('gives nothing to an origin it was not told of, and nothing to anyone without --cors', async () => {
    const other = await get('/clip.mp4', { headers: { origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await get('/clip.mp4', { method: 'OPTIONS', headers: { origin: 'http://evil.test' } })).status).toBe(403);
    const plain = await startServer({ root });
    try {
      expect((await fetch(new URL('/clip.mp4', plain.url), { headers: { origin } })).headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(new URL('/clip.mp4', plain.url), { method: 'OPTIONS' })).status).toBe(405);
    } finally {
      await plain.close();
    }
  });
});

describe('a page folder (--page)', () => {
  it('serves the page with a CSP that runs its own scripts, under the same rules', async () => {
    const site = path.join(dir, 'site');
    await mkdir(site);
    await writeFile(path.join(site, 'index.html'), '<!doctype html><script type="module" src="app.js"></script>');
    await writeFile(path.join(site, 'app.js'), 'console.log(1)');
    await writeFile(path.join(site, '.env'), 'SECRET=1');
    await run('mkfifo', [path.join(site, 'fifo.js')]);
    const withPage = await startServer({ root, page: site });
    try {
      const page = await fetch(new URL('/page/', withPage.url));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(page.headers.get('content-disposition')).toBeNull();
      const script = await fetch(new URL('/page/app.js', withPage.url));
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await fetch(new URL('/page/.env', withPage.url))).status).toBe(403);
      expect((await fetch(new URL('/page/fifo.js', withPage.url))).status).toBe(404);
      expect((await fetch(new URL('/page/../clip.mp4', withPage.url))).status).toBe(200); // fetch normalises: the media folder's clip
      // The media folder's HTML is still a download, never a page.
      await writeFile(path.join(root, 'x.html'), '<script>alert(1)</script>');
      expect((await fetch(new URL('/x.html', withPage.url))).headers.get('content-disposition')).toBe('attachment');
    } finally {
      await withPage.close();
    }
  });
});
