// streamprep serve over real sockets on 127.0.0.1, with Node's fetch and curl: Range semantics,
// validators, confinement, concurrent ranges, a client that leaves mid-transfer, the bandwidth limit.
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_CSP, MAX_STATS_ENTRIES, indexCsp, type StaticServer, countRequest, startServer } from '../../src/serve/server.js';
import { listVideos, renderIndexPage } from '../../src/serve/index-page.js';
import { createTokenBucket } from '../../src/serve/throttle.js';
import { CLI, FIXTURES, tempDir } from '../helpers/media.js';
import { pipelinedRequests } from '../helpers/raw-http.js';
import { copyFile } from 'node:fs/promises';

const run = promisify(execFile);
let root: string;
let server: StaticServer;
let video: Buffer;

beforeAll(async () => {
  const dir = await tempDir('serve');
  root = path.join(dir, 'public');
  await mkdir(path.join(root, 'sub dir'), { recursive: true });
  await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(root, 'clip.mp4'));
  await copyFile(path.join(FIXTURES, 'hd-1080p-30fps.mp4'), path.join(root, 'sub dir', 'hd.mp4'));
  await writeFile(path.join(dir, 'secret.txt'), 'outside the folder');
  await writeFile(path.join(root, '.hidden'), 'a dotfile');
  // Larger than a read stream's buffer: its file stays open while a slow client is still receiving it.
  await writeFile(path.join(root, 'large.bin'), Buffer.alloc(2 * 1024 * 1024, 7));
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'escape.txt'));
  // A video outside the folder, reached by a symlink inside it: serve refuses it, so the index must not list it.
  await copyFile(path.join(FIXTURES, 'slow-10fps.mp4'), path.join(dir, 'outside.mp4'));
  await symlink(path.join(dir, 'outside.mp4'), path.join(root, 'outside-link.mp4'));
  await writeFile(path.join(root, 'page.svg'), '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
  await writeFile(path.join(root, 'page.html'), '<script>alert(1)</script>');
  video = await readFile(path.join(root, 'clip.mp4'));
  server = await startServer({ root, indexPage: async () => renderIndexPage('test', await listVideos(root)) });
});
afterAll(() => server.close());

const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET') => fetch(new URL(pathname, server.url), { headers, method });

describe('HTTP semantics', () => {
  it('serves a whole file with its type, length and validators', async () => {
    const response = await get('/clip.mp4');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.headers.get('last-modified')).toBeTruthy();
    expect(Buffer.from(await response.arrayBuffer()).equals(video)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-100', -100, -1],
    ['bytes=1000-1999', 1000, 1999],
  ])('answers Range %s with 206 and the exact bytes', async (range, from, to) => {
    const response = await get('/clip.mp4', { range });
    expect(response.status).toBe(206);
    const start = from < 0 ? video.length + from : from;
    const end = to < 0 ? video.length - 1 : to;
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${video.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(video.subarray(start, end + 1))).toBe(true);
  });

  it('refuses an unsatisfiable range with 416 and the size', async () => {
    const response = await get('/clip.mp4', { range: `bytes=${video.length}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${video.length}`);
  });

  it('answers HEAD without a body, and honours If-Range', async () => {
    const head = await get('/clip.mp4', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(video.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const etag = head.headers.get('etag') as string;
    expect((await get('/clip.mp4', { range: 'bytes=0-9', 'if-range': etag })).status).toBe(206);
    const stale = await get('/clip.mp4', { range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(video.length);
  });

  it('serves many range requests at once, each right', async () => {
    const ranges = Array.from({ length: 12 }, (_, i) => [i * 1000, i * 1000 + 999] as const);
    const bodies = await Promise.all(ranges.map(async ([from, to]) => Buffer.from(await (await get('/clip.mp4', { range: `bytes=${from}-${to}` })).arrayBuffer())));
    bodies.forEach((body, i) => expect(body.equals(video.subarray(ranges[i]?.[0], (ranges[i]?.[1] ?? 0) + 1))).toBe(true));
  });

  it('speaks the same to curl, and lists the videos on its index page', async () => {
    const { stdout } = await run('curl', ['-s', '-D', '-', '-o', '/dev/null', '-r', '0-9', new URL('/sub%20dir/hd.mp4', server.url).href]);
    expect(stdout).toMatch(/^HTTP\/1\.1 206/);
    expect(stdout).toMatch(/content-range: bytes 0-9\//i);
    const index = await (await get('/')).text();
    expect(index).toContain('src="/clip.mp4"');
    expect(index).toContain('src="/sub%20dir/hd.mp4"');
    expect(index).toMatch(/moov-after-mdat|faststart/);
  });
});

describe('confinement', () => {
  it.each([
    ['../secret.txt (raw)', '/../secret.txt'],
    ['percent-encoded ..', '/%2e%2e/secret.txt'],
    ['encoded slash and ..', '/sub%20dir%2F..%2F..%2Fsecret.txt'],
    ['a NUL byte', '/clip.mp4%00.txt'],
    ['a symlink leading out', '/escape.txt'],
    ['a dotfile', '/.hidden'],
    ['nothing there', '/nope.mp4'],
  ])('refuses %s', async (_name, pathname) => {
    const { stdout } = await run('curl', ['-s', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `${server.url.replace(/\/$/, '')}${pathname}`]);
    expect(['400', '403', '404']).toContain(stdout);
  });

  it('binds to 127.0.0.1 unless told otherwise', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});

describe('hostile content and hostile clients', () => {
  it('sends nosniff and a sandboxing CSP with every file, serves non-media as a download, and no scripts from the index', async () => {
    for (const pathname of ['/clip.mp4', '/page.svg', '/page.html', '/nope.mp4']) {
      const response = await get(pathname);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    }
    expect((await get('/page.svg')).headers.get('content-disposition')).toBe('attachment');
    expect((await get('/page.html')).headers.get('content-disposition')).toBe('attachment');
    expect((await get('/clip.mp4')).headers.get('content-disposition')).toBeNull();
    const index = await get('/');
    // Scripts only from streamprep's own path (the player), never a file of the served folder.
    const csp = index.headers.get('content-security-policy') as string;
    expect(csp).toBe(indexCsp(new URL(server.url).host));
    expect(csp).toMatch(/script-src http:\/\/127\.0\.0\.1:\d+\/_streamprep\/;/);
    expect(csp).not.toMatch(/'self'[^;]*;[^;]*script|script-src[^;]*'self'|'unsafe-eval'|'unsafe-inline'[^;]*script/);
    expect(indexCsp('evil.com; script-src *')).toMatch(/script-src 'none'/);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lists on its index only what it would deliver: no symlink leading out of the folder', async () => {
    const listed = (await listVideos(root)).map((entry) => entry.name);
    expect(listed).toContain('clip.mp4');
    expect(listed).not.toContain('outside-link.mp4');
    expect((await get('/outside-link.mp4')).status).toBe(404);
  });

  it('keeps stats per real file: 60,000 pipelined HEADs on path variants and missing paths leave one stats entry (the map cannot grow with URLs)', async () => {
    const served = await startServer({ root });
    try {
      const statuses = await pipelinedHeads(new URL(served.url), 60_000);
      const ok = statuses.filter((status) => status === 200).length;
      expect(statuses).toHaveLength(60_000);
      expect([...served.stats.keys()]).toEqual(['/clip.mp4']);
      expect(ok).toBe(30_000); // every spelling of /clip.mp4 is that file
      expect(served.stats.get('/clip.mp4')?.requests).toBe(ok);
    } finally {
      await served.close();
    }
  }, 120_000);

  it('the serve command grows less than 20 MB resident over 60,000 requests on distinct paths', async () => {
    // The heap capped well below what the old per-URL stats took (78 → 586 MB): a leak would kill it, not pass.
    const child = spawn(process.execPath, [CLI, 'serve', root, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=96 --max-semi-space-size=2' },
    });
    try {
      let said = '';
      const url = await new Promise<URL>((resolve, reject) => {
        child.stderr?.on('data', (chunk) => {
          said += chunk;
          const found = /at (http:\/\/\S+\/)/.exec(said);
          if (found) resolve(new URL(found[1] as string));
        });
        child.on('exit', () => reject(new Error(`serve exited: ${said}`)));
      });
      const rssKb = async (): Promise<number> => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      await pipelinedHeads(url, 60_000); // warmed up: code compiled, buffers, heap and allocator at their working size
      const before = await rssKb();
      const statuses = await pipelinedHeads(url, 60_000);
      const after = await rssKb();
      expect(statuses).toHaveLength(60_000);
      expect(after - before).toBeLessThan(20 * 1024);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});

/**
 * `total` HEAD requests pipelined on one connection: spellings of /clip.mp4 (each character as itself or
 * percent-encoded in lower or upper case: 6,561 spellings of one file) and distinct missing paths,
 * alternately. Returns each response's status.
 */
function pipelinedHeads(url: URL, total: number): Promise<number[]> {
  const variant = (n: number): string => {
    if (n % 2 === 1) return `/missing-${n}.mp4`;
    const spelling = [...'clip.mp4'].map((char, i) => {
      const hex = char.charCodeAt(0).toString(16);
      return [char, `%${hex}`, `%${hex.toUpperCase()}`][Math.floor(n / 2 / 3 ** i) % 3];
    });
    return `/${spelling.join('')}`;
  };
  return pipelinedRequests(url, Array.from({ length: total }, (_, n) => variant(n)));
}

describe('countRequest', () => {
  it('keeps at most MAX_STATS_ENTRIES files, dropping the least recently requested', () => {
    const stats = new Map();
    countRequest(stats, '/first.mp4');
    for (let i = 0; i < MAX_STATS_ENTRIES; i++) countRequest(stats, `/f${i}.mp4`);
    expect(stats.size).toBe(MAX_STATS_ENTRIES);
    expect(stats.has('/first.mp4')).toBe(false);
    countRequest(stats, '/f0.mp4'); // used again: now the newest
    countRequest(stats, '/another.mp4');
    expect(stats.has('/f0.mp4')).toBe(true);
    expect(stats.has('/f1.mp4')).toBe(false);
  });
});

describe('slow links and clients that leave', () => {
  /** Open file descriptors of this process that point at `file` (the server runs in this process). */
  const openHandlesOf = async (file: string): Promise<number> => {
    const links = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    return links.filter((target) => target === file).length;
  };

  it('paces a connection at the given rate, and closes the file when the client leaves mid-transfer', async () => {
    const slow = await startServer({ root, throttleKbps: 400, latencyMs: 100 });
    try {
      const started = performance.now();
      const response = await fetch(new URL('/clip.mp4', slow.url), { headers: { range: 'bytes=0-29999' } });
      expect((await response.arrayBuffer()).byteLength).toBe(30_000);
      const seconds = (performance.now() - started) / 1000;
      // 30 kB at 400 kbit/s (50 kB/s) less a 4 kB burst is 0.52 s, plus 100 ms latency: a lower bound only.
      expect(seconds).toBeGreaterThan(0.6);
      const controller = new AbortController();
      const leaving = await fetch(new URL('/large.bin', slow.url), { signal: controller.signal });
      const reader = leaving.body?.getReader();
      await reader?.read();
      expect(await openHandlesOf(path.join(root, 'large.bin'))).toBe(1); // 2 MiB at 50 kB/s: still sending
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await openHandlesOf(path.join(root, 'large.bin'))).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('a token bucket lets a burst through, then paces', async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = createTokenBucket(1000, 500, { now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } });
    await bucket.take(500);
    expect(slept).toEqual([]);
    await bucket.take(250);
    expect(slept).toEqual([250]);
    now += 1000; // a second idle refills up to the burst only
    await bucket.take(500);
    expect(slept).toEqual([250]);
  });
});
