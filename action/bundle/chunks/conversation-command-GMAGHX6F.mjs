import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as D}from"./chunk-DL4H66YW.mjs";import{a as Y}from"./chunk-UXDXHVWI.mjs";import{a as J}from"./chunk-ZLAB6NOQ.mjs";import{a as W,b as X,c as U}from"./chunk-TWW4PYUW.mjs";import"./chunk-YXPO7YC7.mjs";import{c as H}from"./chunk-KKQQXK3Q.mjs";import"./chunk-J23RJ72K.mjs";import{a as T}from"./chunk-LHTFF7L3.mjs";import{b as V}from"./chunk-B7CCPKM3.mjs";import"./chunk-KBYVLSHX.mjs";import{i as z}from"./chunk-UQW27NRD.mjs";import"./chunk-KQP6UFX2.mjs";import"./chunk-WFK2CIXB.mjs";import{d as N}from"./chunk-B2HXVORN.mjs";import{a as G}from"./chunk-ZPZNTFET.mjs";import"./chunk-7E3BKABY.mjs";import"./chunk-566GT67G.mjs";import{d as q}from"./chunk-ABTCXG5K.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-PY6BA57P.mjs";import"./chunk-PWIBZ7FF.mjs";import"./chunk-6YACCJDN.mjs";import"./chunk-ZQTFBIDH.mjs";import"./chunk-FVLLBLO6.mjs";import"./chunk-BE7QOLU2.mjs";import"./chunk-3UIDKWCN.mjs";import"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import"./chunk-X6KX2F4B.mjs";import{b as E,f as O}from"./chunk-5A7H2GX2.mjs";import{p as B}from"./chunk-5ATXUZK3.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import{mkdtemp as Re,rm as je}from"node:fs/promises";import Fe from"node:os";import Te from"node:path";import{copyFile as we,mkdir as be,mkdtemp as ve,readFile as A,rm as ke}from"node:fs/promises";import{createRequire as Me}from"node:module";import Pe from"node:os";import b from"node:path";function K(e){let n=JSON.stringify(e).replace(/</g,"\\u003c");return`<!doctype html><html><head><meta charset="utf-8"><title>streamprep conversation</title></head><body>
<script type="module">
${e.mode==="player"?"import { createChunkPlayer } from '/_streamprep/player/chunk-player.js';":e.mode==="hls.js"?"import Hls from '/__hls.mjs';":""}
const config = ${n};
const start = performance.now();
const n = config.starts.length;
const result = { gapsMs: [], stalls: new Array(n).fill(0), stallMs: 0 };
let announced = 0;
const waiters = [];
window.announce = (count) => { announced = Math.max(announced, count); for (const w of waiters.splice(0)) w(); };
const until = async (test) => { while (!test()) await new Promise((r) => waiters.push(r)); };
let finish;
window.__result = new Promise((resolve) => { finish = (error) => { if (error) result.error = String(error); result.wallMs ??= performance.now() - start; resolve(result); }; });

function makeVideo() {
  const video = document.createElement('video');
  video.muted = true; video.playsInline = true; video.preload = 'auto';
  document.body.append(video);
  return video;
}

// Frames as presented: the first frame, and the gap at each boundary; chunkOf maps a frame to its chunk.
function watchFrames(video, chunkOf) {
  let lastChunk = -1; let lastAt = 0;
  const onFrame = (now, meta) => {
    result.firstFrameMs ??= meta.presentationTime - start;
    const chunk = chunkOf(meta);
    if (chunk > lastChunk) {
      if (lastChunk >= 0) {
        const gap = meta.presentationTime - lastAt;
        result.gapsMs.push(gap);
        if (gap > config.stallGapMs) result.stalls[chunk]++;
      }
      lastChunk = chunk;
    }
    lastAt = meta.presentationTime;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

function watchWaiting(video, chunkNow) {
  let since;
  let played = false;
  video.addEventListener('playing', () => { played = true; if (since !== undefined) { result.stallMs += performance.now() - since; since = undefined; } });
  video.addEventListener('waiting', () => { if (played && since === undefined && !video.ended) { since = performance.now(); result.stalls[chunkNow()]++; } });
}

const mediaChunk = (time) => { let i = 0; for (let k = 0; k < n; k++) if (time + 1e-3 >= config.starts[k]) i = k; return i; };

/** Points an element at chunk i, once: preloading and playing must not load it twice. */
function load(video, i) {
  if (video.dataset.chunk === String(i)) return;
  video.dataset.chunk = String(i);
  video.src = config.urls[i];
}

async function queue() {
  // Two elements: one plays, the other holds the next chunk once it is announced.
  const elements = [makeVideo(), makeVideo()];
  let current = 0;
  let endedAt;
  for (let i = 0; i < n; i++) {
    const video = elements[i % 2];
    // A chunk plays once it exists: one that is late is waited for (the picture stays frozen: a stall).
    await until(() => announced > i);
    load(video, i);
    let frames = 0;
    const shown = new Promise((resolve) => {
      const onFrame = (now, meta) => {
        if (frames++ === 0) {
          result.firstFrameMs ??= meta.presentationTime - start;
          if (endedAt !== undefined) { const gap = meta.presentationTime - endedAt; result.gapsMs.push(gap); if (gap > config.stallGapMs) result.stalls[i]++; }
          resolve();
        }
        lastFrameAt = meta.presentationTime;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    });
    let lastFrameAt;
    current = i;
    const waiting = watchWaitingOnce(video, i);
    const ended = new Promise((resolve, reject) => {
      video.addEventListener('ended', resolve, { once: true });
      video.addEventListener('error', () => reject(new Error('chunk ' + i + ': ' + (video.error?.message || 'error'))), { once: true });
    });
    video.style.display = '';
    elements[(i + 1) % 2].style.display = 'none';
    await video.play();
    // The next chunk is loaded into the other element as soon as it is announced.
    if (i + 1 < n) until(() => announced > i + 1).then(() => load(elements[(i + 1) % 2], i + 1));
    await shown;
    await ended;
    waiting.stop();
    endedAt = lastFrameAt ?? performance.now();
  }
}

function watchWaitingOnce(video, chunk) {
  let since; let played = false;
  const onPlaying = () => { played = true; if (since !== undefined) { result.stallMs += performance.now() - since; since = undefined; } };
  const onWaiting = () => { if (played && since === undefined && !video.ended) { since = performance.now(); result.stalls[chunk]++; } };
  video.addEventListener('playing', onPlaying);
  video.addEventListener('waiting', onWaiting);
  return { stop() { video.removeEventListener('playing', onPlaying); video.removeEventListener('waiting', onWaiting); if (since !== undefined) result.stallMs += performance.now() - since; } };
}

async function player() {
  const video = makeVideo();
  const chunkPlayer = createChunkPlayer(video);
  watchFrames(video, (meta) => mediaChunk(meta.mediaTime));
  // A wait at the end of a chunk is the next chunk's lateness.
  watchWaiting(video, () => mediaChunk(video.currentTime + 0.1));
  const ended = new Promise((resolve, reject) => {
    chunkPlayer.on('ended', resolve);
    chunkPlayer.on('error', ({ chunk, message }) => reject(new Error('chunk ' + chunk + ': ' + message)));
  });
  for (let i = 0; i < n; i++) { await until(() => announced > i); chunkPlayer.enqueue(config.urls[i]); }
  chunkPlayer.end();
  await ended;
}

async function hlsjs() {
  const video = makeVideo();
  watchFrames(video, (meta) => mediaChunk(meta.mediaTime));
  watchWaiting(video, () => mediaChunk(video.currentTime + 0.1));
  await until(() => announced > 0);
  const hls = new Hls({ lowLatencyMode: true, startPosition: 0 });
  await new Promise((resolve, reject) => {
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) reject(new Error('hls.js: ' + data.details)); });
    video.addEventListener('ended', resolve, { once: true });
    hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(reject));
    hls.loadSource(config.playlist);
    hls.attachMedia(video);
  });
  hls.destroy();
}

const run = config.mode === 'player' ? player : config.mode === 'hls.js' ? hlsjs : queue;
run().then(() => finish(), finish);
</script></body></html>`}function ye(e,n){let t=e.trimEnd().split(`
`).filter(c=>c!=="#EXT-X-ENDLIST"),s=t.findIndex(c=>/^#EXT(INF|-X-MAP|-X-DISCONTINUITY|-X-BYTERANGE)/.test(c)),o=s<0?t:t.slice(0,s),d=[],r=[];for(let c of s<0?[]:t.slice(s))r.push(c),c.startsWith("#")||(d.push(r),r=[]);let l=d.slice(0,n).flat();return`${[...o,...l,...n>=d.length?["#EXT-X-ENDLIST"]:[]].join(`
`)}
`}function Q(e,n){e.announced=Math.max(e.announced,n);for(let t of[...e.listeners])t()}function Z(e,n){let t=e.split(`
`).filter(s=>s.startsWith("#EXTINF:")).length;return async s=>{let o=Number(s.searchParams.get("_HLS_msn")??-1);return Number.isInteger(o)&&o>=n.announced&&n.announced<t&&await new Promise(d=>{let r=setTimeout(l,G(18e3));function l(){clearTimeout(r),n.listeners.delete(c),d()}function c(){n.announced>o&&l()}n.listeners.add(c)}),{type:"application/vnd.apple.mpegurl",body:ye(e,n.announced)}}}var Ce=["raw-queue","optimized-queue","player","hls.js"],Se=(e,n)=>{if(e.length===0)return;let t=[...e].sort((s,o)=>s-o);return t[Math.min(t.length-1,Math.ceil(n/100*t.length)-1)]},C=e=>{let n=e.filter(t=>t!==void 0&&Number.isFinite(t));return n.length>0?T(n):void 0};async function xe(){try{let e=Me(import.meta.url);return await A(e.resolve("hls.js/dist/hls.mjs"),"utf8")}catch{return}}function $e(e,n,t,s,o,d){let r=s.filter(i=>!i.error&&i.playback),l=r.map(i=>i.playback),c=l.flatMap(i=>i.gapsMs),m=i=>i.stallMs+i.gapsMs.filter(f=>f>d).reduce((f,p)=>f+p,0);return{mode:e,scenario:n,profile:t,runs:s,firstFrameMs:C(l.map(i=>i.firstFrameMs)),stallRatePercent:C(l.map(i=>100*i.stalls.filter(f=>f>0).length/o)),stallMs:C(l.map(m)),medianGapMs:c.length?T(c):void 0,p95GapMs:Se(c,95),maxGapMs:c.length?Math.max(...c):void 0,megabytes:C(r.map(i=>i.bytes/1e6)),wallSec:C(l.map(i=>i.wallMs===void 0?void 0:i.wallMs/1e3)),failedRuns:s.length-r.length}}async function ee(e,n){let t=n.runs??3;if(!Number.isInteger(t)||t<1)throw new E(`runs must be a whole number \u2265 1 (got ${t})`);let s=n.scenarios??["ready","paced"],o=n.stallGapMs??200,d=W(),r=await q(e,{cwd:n.cwd??process.cwd()});if(r.files.length<2)throw new E("a conversation needs at least two chunks");let l=new Intl.Collator("en",{numeric:!0}),c=r.files.map(p=>p.path).sort((p,h)=>l.compare(p,h)),m=await xe(),i=await ve(b.join(Pe.tmpdir(),"streamprep-bench-conversation-")),f=await X(d);try{let p=b.join(i,"raw");await be(p);let h=c.map((a,u)=>`chunk-${String(u+1).padStart(3,"0")}${b.extname(a)}`);await Promise.all(c.map((a,u)=>we(a,b.join(p,h[u]))));let g=await V([p],{output:b.join(i,"optimized"),conversation:"talk",preset:n.preset,ffmpegPath:n.ffmpegPath,ffprobePath:n.ffprobePath,signal:n.signal}),y=g.files.filter(a=>a.status!=="ok");if(y.length>0)throw new E(`these chunks could not be optimized: ${y.map(a=>`${a.input} (${a.reason})`).join("; ")}`);let x=await A(b.join(i,"optimized","talk.hls","playlist.m3u8"),"utf8"),M=[...x.matchAll(/^#EXTINF:([\d.]+),/gm)].map(a=>Number(a[1])),_=h.length,oe=(B(new Uint8Array(await A(b.join(i,"optimized","talk.hls","0001.mp4")))).find(a=>a.trackId===1)?.decodeTime??0)/z,ie=M.map((a,u)=>oe+M.slice(0,u).reduce((w,v)=>w+v,0)),le=h.map(a=>g.files.find(u=>b.basename(u.input)===a)?.encodeSec??0),ce={"raw-queue":h.map(a=>`/raw/${a}`),"optimized-queue":h.map(a=>`/optimized/${a.replace(/\.[^.]+$/,".mp4")}`),player:M.map((a,u)=>`/optimized/talk.hls/${String(u+1).padStart(4,"0")}.mp4`),"hls.js":[]},P=Ce.filter(a=>a!=="hls.js"||m!==void 0),de=n.profiles.length*s.length*t*P.length,R=new Map,me=0;for(let a of n.profiles){let u={announced:0,listeners:new Set},w="player",v=await H({root:i,throttleKbps:a.kbps,latencyMs:a.latencyMs,routes:{...J(),"/__conversation":async()=>({type:"text/html; charset=utf-8",body:K({mode:w,urls:ce[w],playlist:"/optimized/talk.hls/live.m3u8",starts:ie,stallGapMs:o})}),"/optimized/talk.hls/live.m3u8":Z(x,u),...m?{"/__hls.mjs":async()=>({type:"text/javascript",body:m})}:{}}});try{for(let $=0;$<t;$++)for(let j of s){let fe=P.map((k,F)=>P[(F+$)%P.length]);for(let k of fe){if(n.signal?.aborted)throw new O;w=k,u.announced=0,v.resetStats();let F=await Ee(f,v.url,k,j,M,k==="raw-queue"?void 0:le,u),pe=[...v.stats.values()].reduce((he,ge)=>he+ge.bytes,0),I=`${a.name}|${j}|${k}`;R.set(I,[...R.get(I)??[],{...F,bytes:pe}]),n.onProgress?.(++me,de,`${a.name} ${j} ${k} (run ${$+1})`)}}}finally{await v.close()}}let ue=n.profiles.flatMap(a=>s.flatMap(u=>P.map(w=>$e(w,u,a.name,R.get(`${a.name}|${u}|${w}`)??[],_,o))));return{schemaVersion:1,startedAt:new Date().toISOString(),chromium:{path:d,version:f.version()},runs:t,chunks:_,mediaSec:M.reduce((a,u)=>a+u,0),stallGapMs:o,profiles:n.profiles,results:ue}}finally{await f.close(),await ke(i,{recursive:!0,force:!0})}}async function Ee(e,n,t,s,o,d,r){let l=await e.newContext(),c=[];try{let m=await l.newPage();await m.goto(`${n}__conversation`);let i=g=>{Q(r,g),m.evaluate(y=>globalThis.announce(y),g).catch(()=>{})};if(s==="ready")i(o.length);else{let g=0;for(let[y,x]of o.entries())g+=x*1e3,c.push(setTimeout(()=>i(y+1),g+(d?.[y]??0)*1e3))}let f=o.reduce((g,y)=>g+y,0)*1e3,p=Math.round(6e4+f*(s==="paced"?3:2)+f*10),h=await m.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${p}))])`);return h.error?{playback:void 0,error:h.error}:{playback:h}}catch(m){return{playback:void 0,error:m instanceof Error?m.message.split(`
`)[0]:String(m)}}finally{for(let m of c)clearTimeout(m);await l.close()}}var S=e=>e===void 0?"\u2013":`${e.toFixed(0)} ms`,ne={ready:"all chunks ready",paced:"chunks at generator pace"};function te(e){let n=e.failedRuns>0?`${e.failedRuns}/${e.runs.length} run(s) failed: ${[...new Set(e.runs.map(t=>t.error).filter(Boolean))].join("; ")}`:"";return[e.mode,S(e.firstFrameMs),e.stallRatePercent===void 0?"\u2013":`${e.stallRatePercent.toFixed(0)} %`,S(e.stallMs),`${S(e.medianGapMs)} / ${S(e.p95GapMs)} / ${S(e.maxGapMs)}`,e.megabytes===void 0?"\u2013":`${e.megabytes.toFixed(1)} MB`,e.wallSec===void 0?"\u2013":`${e.wallSec.toFixed(1)} s`,n]}var L=["mode","first frame","stall rate","stall time","gap median / p95 / max","downloaded","wall time",""];function re(e){return`a conversation of ${e.chunks} chunks (${e.mediaSec.toFixed(1)} s of media) in Chromium ${e.chromium.version}; ${e.runs} run(s) per mode, medians, modes alternating; a stall is a wait for data or a boundary gap over ${e.stallGapMs} ms; gaps between the last presented frame of a chunk and the first of the next`}function ae(e){let n=[re(e)];for(let t of e.profiles)for(let s of["ready","paced"]){let o=e.results.filter(l=>l.profile===t.name&&l.scenario===s);if(o.length===0)continue;n.push("",`link ${t.name}, ${ne[s]}`);let d=[L,...o.map(te)],r=L.map((l,c)=>Math.max(...d.map(m=>m[c]?.length??0)));for(let l of d)n.push(l.map((c,m)=>m===0?c.padEnd(r[m]??0):c.padStart(m===l.length-1?0:r[m]??0)).join("  ").trimEnd())}return n.join(`
`)}function se(e){let n=e.profiles.flatMap(t=>["ready","paced"].flatMap(s=>{let o=e.results.filter(r=>r.profile===t.name&&r.scenario===s);if(o.length===0)return[];let d=r=>o.map(l=>({label:l.mode,series:l.mode,value:r(l)}));return[{heading:`Link ${t.name}, ${ne[s]}`,charts:[{title:"Time to first frame",unit:"ms",digits:0,groups:[{label:"first frame",bars:d(r=>r.firstFrameMs)}]},{title:"Gap at each boundary (presented frames), 95th percentile",unit:"ms",digits:0,groups:[{label:"boundary gap, p95",bars:d(r=>r.p95GapMs)}]},{title:"Chunks with a stall",unit:"%",digits:0,groups:[{label:"stall rate",bars:d(r=>r.stallRatePercent)}]},{title:"Stall time",unit:"s",digits:1,groups:[{label:"stall time",bars:d(r=>r.stallMs===void 0?void 0:r.stallMs/1e3)}]},{title:"Downloaded for the conversation",unit:"MB",digits:1,groups:[{label:"downloaded",bars:d(r=>r.megabytes)}]}],table:{header:L.slice(0,-1).concat("failed runs"),rows:o.map(te)}}]}));return D("streamprep bench browser --queue: a conversation played four ways",re(e),n)}async function dn(e,n){let t=e.length===0?await Re(Te.join(Fe.tmpdir(),"streamprep-stand-ins-")):void 0;try{let s=[...e];if(t){let d=await N({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe},["libx264","aac"]);n.onProgress?.(0,1,"making 12 stand-in chunks"),s=await Y(d.ffmpeg.path,t)}let o=await ee(s,{preset:n.preset,runs:n.runs,profiles:U.slice(0,2),ffmpegPath:n.ffmpeg,ffprobePath:n.ffprobe,signal:n.signal,onProgress:n.onProgress});return{text:ae(o),json:`${JSON.stringify(o,null,2)}
`,html:se(o)}}finally{t&&await je(t,{recursive:!0,force:!0})}}export{dn as benchConversationCommand};
