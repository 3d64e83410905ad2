import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as x}from"./chunk-ZLAB6NOQ.mjs";import{a as v,b as m,c as b}from"./chunk-KEUANAX2.mjs";import"./chunk-J23RJ72K.mjs";import"./chunk-ZPZNTFET.mjs";import{b as y,c as h}from"./chunk-MJA6K3NQ.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-S2ONZB7F.mjs";import{a as d}from"./chunk-2VJZ7JJI.mjs";import{c as n}from"./chunk-3UIDKWCN.mjs";import"./chunk-3PYSY7GQ.mjs";import{v as g}from"./chunk-5ATXUZK3.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import T from"node:path";var S="/_streamprep/conversations.js",w=`import { createChunkPlayer, followPlaylist } from '/_streamprep/player.js';
for (const video of document.querySelectorAll('video[data-playlist]')) {
  const status = video.parentElement.querySelector('.status');
  const say = (text) => { status.textContent = text; };
  const player = createChunkPlayer(video, { autoplay: true });
  let stalls = 0;
  let boundaries = 0;
  player.on('firstframe', ({ ms }) => say('first frame after ' + ms + ' ms'));
  player.on('stall', () => { stalls++; });
  player.on('boundary', ({ gapMs }) => { boundaries++; say(boundaries + 1 + ' chunk(s) \xB7 last boundary ' + Math.round(gapMs) + ' ms \xB7 ' + stalls + ' stall(s)'); });
  player.on('error', ({ url, message }) => say(url + ': ' + message));
  followPlaylist(player, new URL(video.dataset.playlist, location.href).href, { onError: say });
}
`;import{readdir as N,realpath as P}from"node:fs/promises";import l from"node:path";var E=500,O=r=>{let e=r.split(`
`);return new Set(e.flatMap((s,i)=>s.startsWith("#EXTINF")?[e.slice(i+1).find(o=>o&&!o.startsWith("#"))]:[])).size};async function $(r){let e=await P(r),s=[],i=async(o,t)=>{for(let a of await N(o,{withFileTypes:!0}).catch(()=>[])){if(!a.isDirectory()||a.name.startsWith(".")||s.length>=E)continue;let p=l.join(o,a.name);if(a.name.toLowerCase().endsWith(".hls")){let c=l.join(p,"playlist.m3u8");if(!await m(e,c))continue;let u=await v(c),f=u.kind==="text"?u.text:"";s.push({playlist:l.relative(e,c).split(l.sep).join("/"),chunks:O(f),ended:f.includes("#EXT-X-ENDLIST")})}else t<3&&await i(p,t+1)}};return await i(e,1),s.sort((o,t)=>o.playlist<t.playlist?-1:1)}var R=r=>r.split("/").slice(0,-1).some(e=>e.toLowerCase().endsWith(".hls"));async function I(r){let e=await P(r),s=[];for await(let i of h([e]))for(let o of i){if(o.kind!=="file"||s.length>=E||!await m(e,o.path))continue;let t=l.relative(e,o.path).split(l.sep).join("/");if(R(t))continue;if(!y.has(l.extname(t).toLowerCase())){s.push({name:t,size:0,verdict:"not MP4/MOV",startupBytes:void 0});continue}let a=await g(o.path,{readMoov:!0}).catch(()=>{});s.push({name:t,size:a?.size??0,verdict:a?.layout.verdict??"unreadable",startupBytes:a?.startupBytes})}return s}var C=r=>r.split("/").map(encodeURIComponent).join("/");function k(r,e,s=[]){let i=s.map(t=>`<figure class="ok"><video controls muted playsinline data-playlist="/${n(C(t.playlist))}"></video><figcaption><b>${n(t.playlist)}</b><br>conversation: ${t.chunks} chunk(s)${t.ended?"":", live"} \xB7 plays muted (streamprep/player)<br><span class="status"></span></figcaption></figure>`),o=e.map(t=>{let a=t.verdict==="faststart",p=t.startupBytes===void 0?"":` \xB7 first frame after ${d(t.startupBytes)}`+(t.size?` (${(t.startupBytes/t.size*100).toFixed(0)} % of ${d(t.size)})`:"");return`<figure class="${a?"ok":"bad"}"><video controls preload="metadata" src="/${n(C(t.name))}"></video><figcaption><b>${n(t.name)}</b><br>${n(t.verdict)}${n(p)}</figcaption></figure>`});return`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${n(r)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.2rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
figure{margin:0;padding:.5rem;border:1px solid #ccc;border-radius:6px}figure.ok{border-color:#2a7}figure.bad{border-color:#c33}
video{width:100%;background:#000}figcaption{word-break:break-all;margin-top:.4rem}</style></head>
<body><h1>${n(r)}: ${e.length} video(s)${s.length?`, ${s.length} conversation(s)`:""}</h1>
${i.length?`<main>${i.join(`
`)}</main><h2>Videos</h2>
<script type="module" src="/_streamprep/conversations.js"></script>`:""}<main>
${o.join(`
`)||"<p>No videos here.</p>"}
</main></body></html>
`}function J(r){let e=T.resolve(r.root);return b({...r,root:e,indexPage:async()=>k(`streamprep serve ${T.basename(e)}`,await I(e),await $(e)),routes:{...x(),[S]:async()=>({type:"text/javascript; charset=utf-8",body:w})}})}export{J as startFolderServer};
