// The pure rules serve answers by: the request target read once, validators and Range, CORS.
import { describe, expect, it } from 'vitest';
import { corsHeaders, normalizeOrigin, preflight } from '../../src/serve/cors.js';
import { decideAnswer, etagOf, parseRange } from '../../src/serve/http-conditions.js';
import { parseRequestTarget } from '../../src/serve/request-target.js';

describe('parseRequestTarget', () => {
  it.each([
    ['/clip.mp4', { ok: true, path: '/clip.mp4' }],
    ['/sub%20dir/hd.mp4?x=1', { ok: true, path: '/sub dir/hd.mp4' }],
    ['//%2F%2Fetc/passwd', { ok: true, path: '/etc/passwd' }], // under the root, not the machine's /etc
    ['//evil.com/x.mp4', { ok: true, path: '/evil.com/x.mp4' }],
    ['http://host/clip.mp4?_HLS_msn=1', { ok: true, path: '/clip.mp4' }],
    ['/a/./b.mp4', { ok: true, path: '/a/b.mp4' }],
    ['/%2e%2e/secret', { ok: false, status: 403 }],
    ['/a/%2E%2E%2F..%2Fsecret', { ok: false, status: 403 }],
    ['/.secret.m3u8?_HLS_msn=0', { ok: false, status: 403 }],
    ['/.hidden/x.m3u8', { ok: false, status: 403 }],
    ['/clip.mp4%00.txt', { ok: false, status: 400 }],
    ['/%zz', { ok: false, status: 400 }],
    ['/%E0%A4%A', { ok: false, status: 400 }],
    ['*', { ok: false, status: 400 }],
    ['', { ok: false, status: 400 }],
    [`/${'a'.repeat(9000)}`, { ok: false, status: 400 }],
  ])('%s', (raw, expected) => {
    expect(parseRequestTarget(raw)).toMatchObject(expected);
  });

  it('keeps the query apart from the path', () => {
    const target = parseRequestTarget('/talk.hls/playlist.m3u8?_HLS_msn=3&_HLS_part=1#frag');
    expect(target.ok && target.query.get('_HLS_msn')).toBe('3');
    expect(target.ok && target.segments).toEqual(['talk.hls', 'playlist.m3u8']);
  });
});

describe('decideAnswer', () => {
  const file = { size: 1000, mtimeMs: Date.UTC(2026, 0, 1) };
  const etag = etagOf(file);
  const date = new Date(file.mtimeMs).toUTCString();
  it.each([
    [{}, { status: 200, start: 0, end: 999 }],
    [{ range: 'bytes=0-99' }, { status: 206, start: 0, end: 99 }],
    [{ range: 'bytes=990-' }, { status: 206, start: 990, end: 999 }],
    [{ range: 'bytes=-10' }, { status: 206, start: 990, end: 999 }],
    [{ range: 'bytes=-5000' }, { status: 206, start: 0, end: 999 }],
    [{ range: 'bytes=900-5000' }, { status: 206, start: 900, end: 999 }],
    [{ range: 'bytes=1000-' }, { status: 416 }],
    [{ range: 'bytes=-0' }, { status: 416 }],
    [{ range: 'bytes=50-10' }, { status: 416 }],
    [{ range: 'bytes=0-1,5-6' }, { status: 200, start: 0, end: 999 }],
    [{ range: 'items=0-1' }, { status: 200, start: 0, end: 999 }],
    [{ range: 'bytes=0-9', 'if-range': etag }, { status: 206, start: 0, end: 9 }],
    [{ range: 'bytes=0-9', 'if-range': '"other"' }, { status: 200, start: 0, end: 999 }],
    [{ range: 'bytes=0-9', 'if-range': date }, { status: 206, start: 0, end: 9 }],
    [{ 'if-none-match': etag }, { status: 304 }],
    [{ 'if-none-match': `"x", ${etag}` }, { status: 304 }],
    [{ 'if-none-match': '"x"', 'if-modified-since': date }, { status: 200, start: 0, end: 999 }],
    [{ 'if-modified-since': date }, { status: 304 }],
    [{ 'if-modified-since': new Date(file.mtimeMs - 5000).toUTCString() }, { status: 200, start: 0, end: 999 }],
    [{ 'if-match': '"x"' }, { status: 412 }],
    [{ 'if-unmodified-since': new Date(file.mtimeMs - 5000).toUTCString() }, { status: 412 }],
  ])('%j', (headers, expected) => {
    expect(decideAnswer(headers, file)).toEqual(expected);
  });

  it('an empty file has no satisfiable range', () => {
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-1', 0)).toBe('unsatisfiable');
  });
});

describe('CORS', () => {
  it('normalises origins and refuses what is not one', () => {
    expect(normalizeOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(normalizeOrigin('HTTPS://App.Example.com')).toBe('https://app.example.com');
    expect(normalizeOrigin('*')).toBe('*');
    for (const bad of ['localhost:5173', 'http://a.com/path', 'ftp://a.com', 'http://a.com?x', '', 'null']) expect(normalizeOrigin(bad)).toBeUndefined();
  });

  it('answers an allowed origin with its own name and the exposed headers, others with nothing', () => {
    const allowed = ['http://localhost:5173'];
    expect(corsHeaders(allowed, 'http://localhost:5173')).toMatchObject({ 'access-control-allow-origin': 'http://localhost:5173', vary: 'Origin' });
    expect(corsHeaders(allowed, 'http://localhost:5173')['access-control-expose-headers']).toMatch(/Content-Length.*Content-Range.*Accept-Ranges/);
    expect(corsHeaders(allowed, 'http://evil.example')['access-control-allow-origin']).toBeUndefined();
    expect(corsHeaders([], 'http://localhost:5173')).toEqual({});
    expect(corsHeaders(['*'], undefined)['access-control-allow-origin']).toBe('*');
  });

  it('a preflight grants Range to an allowed origin and refuses another', () => {
    const granted = preflight(['http://a.test'], 'http://a.test', 'Range, X-Custom');
    expect(granted.status).toBe(204);
    expect(granted.headers['access-control-allow-headers']).toBe('range');
    expect(granted.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(preflight(['http://a.test'], 'http://b.test', 'range').status).toBe(403);
  });
});
