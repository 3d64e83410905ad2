// The index page's script (served at /_streamprep/conversations.js; the page's CSP allows no inline
// script): each conversation's <video> plays through streamprep/player, fed from its live playlist with
// blocking reloads (_HLS_msn) until the playlist ends.
export const CONVERSATIONS_SCRIPT_PATH = '/_streamprep/conversations.js';

export const CONVERSATIONS_SCRIPT = `import { createChunkPlayer } from '/_streamprep/player/chunk-player.js';
for (const video of document.querySelectorAll('video[data-playlist]')) {
  const status = video.parentElement.querySelector('.status');
  const say = (text) => { status.textContent = text; };
  {
    const player = createChunkPlayer(video, { autoplay: true });
    const playlist = new URL(video.dataset.playlist, location.href);
    let count = 0;
    let stalls = 0;
    const gaps = [];
    player.on('firstframe', ({ ms }) => say('first frame after ' + Math.round(ms) + ' ms'));
    player.on('stall', () => { stalls++; });
    player.on('boundary', ({ gapMs }) => { gaps.push(gapMs); say(gaps.length + 1 + ' chunk(s) · last boundary ' + Math.round(gapMs) + ' ms · ' + stalls + ' stall(s)'); });
    player.on('error', ({ url, message }) => say(url + ': ' + message));
    (async () => {
      for (let msn = 0; ; ) {
        const url = new URL(playlist);
        if (msn > 0) url.searchParams.set('_HLS_msn', String(msn));
        const response = await fetch(url);
        if (response.status === 503) continue;
        if (!response.ok) return say('playlist: HTTP ' + response.status);
        const lines = (await response.text()).split('\\n');
        const uris = lines.filter((line) => line && !line.startsWith('#'));
        for (const uri of uris.slice(count)) player.enqueue(new URL(uri, playlist).href);
        count = uris.length;
        if (lines.includes('#EXT-X-ENDLIST')) return player.end();
        msn = count;
      }
    })().catch((error) => say(String(error)));
  }
}
`;
