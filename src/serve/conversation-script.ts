// The index page's script (served at /_streamprep/conversations.js; the page's CSP allows no inline
// script): each conversation's <video> plays through streamprep/player, fed from its live playlist with
// blocking reloads (_HLS_msn) until the playlist ends.
export const CONVERSATIONS_SCRIPT_PATH = '/_streamprep/conversations.js';

export const CONVERSATIONS_SCRIPT = `import { createChunkPlayer, followPlaylist } from '/_streamprep/player.js';
for (const video of document.querySelectorAll('video[data-playlist]')) {
  const status = video.parentElement.querySelector('.status');
  const say = (text) => { status.textContent = text; };
  const player = createChunkPlayer(video, { autoplay: true });
  let stalls = 0;
  let boundaries = 0;
  player.on('firstframe', ({ ms }) => say('first frame after ' + ms + ' ms'));
  player.on('stall', () => { stalls++; });
  player.on('boundary', ({ gapMs }) => { boundaries++; say(boundaries + 1 + ' chunk(s) · last boundary ' + Math.round(gapMs) + ' ms · ' + stalls + ' stall(s)'); });
  player.on('error', ({ url, message }) => say(url + ': ' + message));
  followPlaylist(player, new URL(video.dataset.playlist, location.href).href, { onError: say });
}
`;
