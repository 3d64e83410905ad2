import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as u}from"./chunk-2VJZ7JJI.mjs";import{a as x}from"./chunk-ZLAB6NOQ.mjs";import{a as v,b as m,c as b}from"./chunk-2QOOUS2J.mjs";import"./chunk-J23RJ72K.mjs";import"./chunk-ZPZNTFET.mjs";import{b as y,c as h}from"./chunk-ABTCXG5K.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-ZQTFBIDH.mjs";import{c as o}from"./chunk-3UIDKWCN.mjs";import"./chunk-3PYSY7GQ.mjs";import{u as g}from"./chunk-GVASBLPU.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import T from"node:path";var S="/_streamprep/conversations.js",w=`import { createChunkPlayer } from '/_streamprep/player/chunk-player.js';
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
    player.on('boundary', ({ gapMs }) => { gaps.push(gapMs); say(gaps.length + 1 + ' chunk(s) \xB7 last boundary ' + Math.round(gapMs) + ' ms \xB7 ' + stalls + ' stall(s)'); });
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
`;import{readdir as R,realpath as E}from"node:fs/promises";import l from"node:path";var P=500;async function I(s){let e=await E(s),r=[],i=async(n,t)=>{for(let a of await R(n,{withFileTypes:!0}).catch(()=>[])){if(!a.isDirectory()||a.name.startsWith(".")||r.length>=P)continue;let p=l.join(n,a.name);if(a.name.toLowerCase().endsWith(".hls")){let c=l.join(p,"playlist.m3u8");if(!await m(e,c))continue;let d=await v(c),f=d.kind==="text"?d.text:"";r.push({playlist:l.relative(e,c).split(l.sep).join("/"),chunks:f.split(`
`).filter(N=>N.startsWith("#EXTINF")).length,ended:f.includes("#EXT-X-ENDLIST")})}else t<3&&await i(p,t+1)}};return await i(e,1),r.sort((n,t)=>n.playlist<t.playlist?-1:1)}var O=s=>s.split("/").slice(0,-1).some(e=>e.toLowerCase().endsWith(".hls"));async function $(s){let e=await E(s),r=[];for await(let i of h([e]))for(let n of i){if(n.kind!=="file"||r.length>=P||!await m(e,n.path))continue;let t=l.relative(e,n.path).split(l.sep).join("/");if(O(t))continue;if(!y.has(l.extname(t).toLowerCase())){r.push({name:t,size:0,verdict:"not MP4/MOV",startupBytes:void 0});continue}let a=await g(n.path,{readMoov:!0}).catch(()=>{});r.push({name:t,size:a?.size??0,verdict:a?.layout.verdict??"unreadable",startupBytes:a?.startupBytes})}return r}var C=s=>s.split("/").map(encodeURIComponent).join("/");function k(s,e,r=[]){let i=r.map(t=>`<figure class="ok"><video controls muted playsinline data-playlist="/${o(C(t.playlist))}"></video><figcaption><b>${o(t.playlist)}</b><br>conversation: ${t.chunks} chunk(s)${t.ended?"":", live"} \xB7 plays muted (streamprep/player)<br><span class="status"></span></figcaption></figure>`),n=e.map(t=>{let a=t.verdict==="faststart",p=t.startupBytes===void 0?"":` \xB7 first frame after ${u(t.startupBytes)}`+(t.size?` (${(t.startupBytes/t.size*100).toFixed(0)} % of ${u(t.size)})`:"");return`<figure class="${a?"ok":"bad"}"><video controls preload="metadata" src="/${o(C(t.name))}"></video><figcaption><b>${o(t.name)}</b><br>${o(t.verdict)}${o(p)}</figcaption></figure>`});return`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${o(s)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.2rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
figure{margin:0;padding:.5rem;border:1px solid #ccc;border-radius:6px}figure.ok{border-color:#2a7}figure.bad{border-color:#c33}
video{width:100%;background:#000}figcaption{word-break:break-all;margin-top:.4rem}</style></head>
<body><h1>${o(s)}: ${e.length} video(s)${r.length?`, ${r.length} conversation(s)`:""}</h1>
${i.length?`<main>${i.join(`
`)}</main><h2>Videos</h2>
<script type="module" src="/_streamprep/conversations.js"></script>`:""}<main>
${n.join(`
`)||"<p>No videos here.</p>"}
</main></body></html>
`}function J(s){let e=T.resolve(s.root);return b({...s,root:e,indexPage:async()=>k(`streamprep serve ${T.basename(e)}`,await $(e),await I(e)),routes:{...x(),[S]:async()=>({type:"text/javascript; charset=utf-8",body:w})}})}export{J as startFolderServer};
