import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as u}from"./chunk-2VJZ7JJI.mjs";import{a as b}from"./chunk-QKRUDULP.mjs";import{a as v}from"./chunk-6SBIZXHX.mjs";import"./chunk-ZPZNTFET.mjs";import{b as y,c as h}from"./chunk-ABTCXG5K.mjs";import{d as f}from"./chunk-2WIVS27X.mjs";import"./chunk-ZQTFBIDH.mjs";import{c as i}from"./chunk-3UIDKWCN.mjs";import"./chunk-3PYSY7GQ.mjs";import{u as g}from"./chunk-GVASBLPU.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import T from"node:path";var S="/_streamprep/conversations.js",x=`import { createChunkPlayer } from '/_streamprep/player/chunk-player.js';
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
`;import{readFile as N,readdir as R,realpath as d}from"node:fs/promises";import l from"node:path";var C=500;async function E(s){let e=await d(s),r=[],o=async(n,t)=>{for(let a of await R(n,{withFileTypes:!0}).catch(()=>[])){if(!a.isDirectory()||a.name.startsWith(".")||r.length>=C)continue;let p=l.join(n,a.name);if(a.name.toLowerCase().endsWith(".hls")){let c=l.join(p,"playlist.m3u8");if(!await I(e,c))continue;let m=await N(c,"utf8").catch(()=>"");r.push({playlist:l.relative(e,c).split(l.sep).join("/"),chunks:m.split(`
`).filter(k=>k.startsWith("#EXTINF")).length,ended:m.includes("#EXT-X-ENDLIST")})}else t<3&&await o(p,t+1)}};return await o(e,1),r.sort((n,t)=>n.playlist<t.playlist?-1:1)}var O=s=>s.split("/").slice(0,-1).some(e=>e.toLowerCase().endsWith(".hls"));async function I(s,e){let r=await d(e).catch(()=>{});return r!==void 0&&f(r,s)}async function P(s){let e=await d(s),r=[];for await(let o of h([e]))for(let n of o){if(n.kind!=="file"||r.length>=C||!await I(e,n.path))continue;let t=l.relative(e,n.path).split(l.sep).join("/");if(O(t))continue;if(!y.has(l.extname(t).toLowerCase())){r.push({name:t,size:0,verdict:"not MP4/MOV",startupBytes:void 0});continue}let a=await g(n.path,{readMoov:!0}).catch(()=>{});r.push({name:t,size:a?.size??0,verdict:a?.layout.verdict??"unreadable",startupBytes:a?.startupBytes})}return r}var w=s=>s.split("/").map(encodeURIComponent).join("/");function $(s,e,r=[]){let o=r.map(t=>`<figure class="ok"><video controls muted playsinline data-playlist="/${i(w(t.playlist))}"></video><figcaption><b>${i(t.playlist)}</b><br>conversation: ${t.chunks} chunk(s)${t.ended?"":", live"} \xB7 plays muted (streamprep/player)<br><span class="status"></span></figcaption></figure>`),n=e.map(t=>{let a=t.verdict==="faststart",p=t.startupBytes===void 0?"":` \xB7 first frame after ${u(t.startupBytes)}`+(t.size?` (${(t.startupBytes/t.size*100).toFixed(0)} % of ${u(t.size)})`:"");return`<figure class="${a?"ok":"bad"}"><video controls preload="metadata" src="/${i(w(t.name))}"></video><figcaption><b>${i(t.name)}</b><br>${i(t.verdict)}${i(p)}</figcaption></figure>`});return`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${i(s)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.2rem}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:1rem}
figure{margin:0;padding:.5rem;border:1px solid #ccc;border-radius:6px}figure.ok{border-color:#2a7}figure.bad{border-color:#c33}
video{width:100%;background:#000}figcaption{word-break:break-all;margin-top:.4rem}</style></head>
<body><h1>${i(s)}: ${e.length} video(s)${r.length?`, ${r.length} conversation(s)`:""}</h1>
${o.length?`<main>${o.join(`
`)}</main><h2>Videos</h2>
<script type="module" src="/_streamprep/conversations.js"></script>`:""}<main>
${n.join(`
`)||"<p>No videos here.</p>"}
</main></body></html>
`}function G(s){let e=T.resolve(s.root);return v({...s,root:e,indexPage:async()=>$(`streamprep serve ${T.basename(e)}`,await P(e),await E(e)),routes:{...b(),[S]:async()=>({type:"text/javascript; charset=utf-8",body:x})}})}export{G as startFolderServer};
