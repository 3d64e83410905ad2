import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as H}from"./chunk-DL4H66YW.mjs";import{a as K}from"./chunk-G7526OUW.mjs";import{a as Y}from"./chunk-ZLAB6NOQ.mjs";import{a as X,b as U,c as J}from"./chunk-O3MNAVHE.mjs";import"./chunk-YXPO7YC7.mjs";import{c as W}from"./chunk-KEUANAX2.mjs";import"./chunk-J23RJ72K.mjs";import{a as V,b as D,c as M}from"./chunk-NNWJZNYT.mjs";import{c as z}from"./chunk-PGZW2DMB.mjs";import"./chunk-KBYVLSHX.mjs";import{h as B}from"./chunk-KBDLAQKJ.mjs";import"./chunk-KQP6UFX2.mjs";import"./chunk-WFK2CIXB.mjs";import{d as G}from"./chunk-MAWEBSI2.mjs";import{a as O}from"./chunk-ZPZNTFET.mjs";import"./chunk-KDYIIKIX.mjs";import"./chunk-GJ5ZP6EP.mjs";import{d as N}from"./chunk-MJA6K3NQ.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-4E72GLW4.mjs";import"./chunk-4JQ3ILUX.mjs";import"./chunk-6YACCJDN.mjs";import"./chunk-S2ONZB7F.mjs";import"./chunk-FVLLBLO6.mjs";import"./chunk-BE7QOLU2.mjs";import"./chunk-3UIDKWCN.mjs";import"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import"./chunk-X6KX2F4B.mjs";import{b as E,f as I}from"./chunk-5A7H2GX2.mjs";import{p as q}from"./chunk-5ATXUZK3.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import{mkdtemp as Re,rm as je}from"node:fs/promises";import Fe from"node:os";import Te from"node:path";import{copyFile as ve,mkdir as be,mkdtemp as ke,readFile as T,rm as Me}from"node:fs/promises";import{createRequire as Pe}from"node:module";import Ce from"node:os";import v from"node:path";function Q(e){let n=JSON.stringify(e).replace(/</g,"\\u003c");return`<!doctype html><html><head><meta charset="utf-8"><title>streamprep conversation</title></head><body>
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
</script></body></html>`}function we(e,n){let a=e.trimEnd().split(`
`).filter(c=>c!=="#EXT-X-ENDLIST"),s=a.findIndex(c=>/^#EXT(INF|-X-MAP|-X-DISCONTINUITY|-X-BYTERANGE)/.test(c)),i=s<0?a:a.slice(0,s),d=[],t=[];for(let c of s<0?[]:a.slice(s))t.push(c),c.startsWith("#")||(d.push(t),t=[]);let l=d.slice(0,n).flat();return`${[...i,...l,...n>=d.length?["#EXT-X-ENDLIST"]:[]].join(`
`)}
`}function Z(e,n){e.announced=Math.max(e.announced,n);for(let a of[...e.listeners])a()}function ee(e,n){let a=e.split(`
`).filter(s=>s.startsWith("#EXTINF:")).length;return async s=>{let i=Number(s.searchParams.get("_HLS_msn")??-1);return Number.isInteger(i)&&i>=n.announced&&n.announced<a&&await new Promise(d=>{let t=setTimeout(l,O(18e3));function l(){clearTimeout(t),n.listeners.delete(c),d()}function c(){n.announced>i&&l()}n.listeners.add(c)}),{type:"application/vnd.apple.mpegurl",body:we(e,n.announced)}}}var Se=["raw-queue","optimized-queue","player","hls.js"];async function xe(){try{let e=Pe(import.meta.url);return await T(e.resolve("hls.js/dist/hls.mjs"),"utf8")}catch{return}}function $e(e,n,a,s,i,d){let t=s.filter(o=>!o.error&&o.playback),l=t.map(o=>o.playback),c=l.flatMap(o=>o.gapsMs),m=o=>o.stallMs+o.gapsMs.filter(f=>f>d).reduce((f,p)=>f+p,0);return{mode:e,scenario:n,profile:a,runs:s,firstFrameMs:M(l.map(o=>o.firstFrameMs)),stallRatePercent:M(l.map(o=>100*o.stalls.filter(f=>f>0).length/i)),stallMs:M(l.map(m)),medianGapMs:c.length?V(c):void 0,p95GapMs:D(c,95),maxGapMs:c.length?Math.max(...c):void 0,megabytes:M(t.map(o=>o.bytes/1e6)),wallSec:M(l.map(o=>o.wallMs===void 0?void 0:o.wallMs/1e3)),failedRuns:s.length-t.length}}async function ne(e,n){let a=n.runs??3;if(!Number.isInteger(a)||a<1)throw new E(`runs must be a whole number \u2265 1 (got ${a})`);let s=n.scenarios??["ready","paced"],i=n.stallGapMs??200,d=X(),t=await N(e,{cwd:n.cwd??process.cwd()});if(t.files.length<2)throw new E("a conversation needs at least two chunks");let l=new Intl.Collator("en",{numeric:!0}),c=t.files.map(p=>p.path).sort((p,h)=>l.compare(p,h)),m=await xe(),o=await ke(v.join(Ce.tmpdir(),"streamprep-bench-conversation-")),f=await U(d);try{let p=v.join(o,"raw");await be(p);let h=c.map((r,u)=>`chunk-${String(u+1).padStart(3,"0")}${v.extname(r)}`);await Promise.all(c.map((r,u)=>ve(r,v.join(p,h[u]))));let g=await z([p],{output:v.join(o,"optimized"),conversation:"talk",preset:n.preset,ffmpegPath:n.ffmpegPath,ffprobePath:n.ffprobePath,signal:n.signal}),y=g.files.filter(r=>r.status!=="ok");if(y.length>0)throw new E(`these chunks could not be optimized: ${y.map(r=>`${r.input} (${r.reason})`).join("; ")}`);let x=await T(v.join(o,"optimized","talk.hls","playlist.m3u8"),"utf8"),P=[...x.matchAll(/^#EXTINF:([\d.]+),/gm)].map(r=>Number(r[1])),L=h.length,ie=(q(new Uint8Array(await T(v.join(o,"optimized","talk.hls","0001.mp4")))).find(r=>r.trackId===1)?.decodeTime??0)/B,le=P.map((r,u)=>ie+P.slice(0,u).reduce((w,b)=>w+b,0)),ce=h.map(r=>g.files.find(u=>v.basename(u.input)===r)?.encodeSec??0),de={"raw-queue":h.map(r=>`/raw/${r}`),"optimized-queue":h.map(r=>`/optimized/${r.replace(/\.[^.]+$/,".mp4")}`),player:P.map((r,u)=>`/optimized/talk.hls/${String(u+1).padStart(4,"0")}.mp4`),"hls.js":[]},C=(n.modes??Se).filter(r=>r!=="hls.js"||m!==void 0),me=n.profiles.length*s.length*a*C.length,R=new Map,ue=0;for(let r of n.profiles){let u={announced:0,listeners:new Set},w="player",b=await W({root:o,throttleKbps:r.kbps,latencyMs:r.latencyMs,routes:{...Y(),"/__conversation":async()=>({type:"text/html; charset=utf-8",body:Q({mode:w,urls:de[w],playlist:"/optimized/talk.hls/live.m3u8",starts:le,stallGapMs:i})}),"/optimized/talk.hls/live.m3u8":ee(x,u),...m?{"/__hls.mjs":async()=>({type:"text/javascript",body:m})}:{}}});try{for(let $=0;$<a;$++)for(let j of s){let pe=C.map((k,F)=>C[(F+$)%C.length]);for(let k of pe){if(n.signal?.aborted)throw new I;w=k,u.announced=0,b.resetStats();let F=await Ee(f,b.url,k,j,P,k==="raw-queue"?void 0:ce,u),he=[...b.stats.values()].reduce((ge,ye)=>ge+ye.bytes,0),_=`${r.name}|${j}|${k}`;R.set(_,[...R.get(_)??[],{...F,bytes:he}]),n.onProgress?.(++ue,me,`${r.name} ${j} ${k} (run ${$+1})`)}}}finally{await b.close()}}let fe=n.profiles.flatMap(r=>s.flatMap(u=>C.map(w=>$e(w,u,r.name,R.get(`${r.name}|${u}|${w}`)??[],L,i))));return{schemaVersion:1,startedAt:new Date().toISOString(),chromium:{path:d,version:f.version()},runs:a,chunks:L,mediaSec:P.reduce((r,u)=>r+u,0),stallGapMs:i,profiles:n.profiles,results:fe}}finally{await f.close(),await Me(o,{recursive:!0,force:!0})}}async function Ee(e,n,a,s,i,d,t){let l=await e.newContext(),c=[];try{let m=await l.newPage();await m.goto(`${n}__conversation`);let o=g=>{Z(t,g),m.evaluate(y=>globalThis.announce(y),g).catch(()=>{})};if(s==="ready")o(i.length);else{let g=0;for(let[y,x]of i.entries())g+=x*1e3,c.push(setTimeout(()=>o(y+1),g+(d?.[y]??0)*1e3))}let f=i.reduce((g,y)=>g+y,0)*1e3,p=Math.round(6e4+f*(s==="paced"?3:2)+f*10),h=await m.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${p}))])`);return h.error?{playback:void 0,error:h.error}:{playback:h}}catch(m){return{playback:void 0,error:m instanceof Error?m.message.split(`
`)[0]:String(m)}}finally{for(let m of c)clearTimeout(m);await l.close()}}var S=e=>e===void 0?"\u2013":`${e.toFixed(0)} ms`,te={ready:"all chunks ready",paced:"chunks at generator pace"};function ae(e){let n=e.failedRuns>0?`${e.failedRuns}/${e.runs.length} run(s) failed: ${[...new Set(e.runs.map(a=>a.error).filter(Boolean))].join("; ")}`:"";return[e.mode,S(e.firstFrameMs),e.stallRatePercent===void 0?"\u2013":`${e.stallRatePercent.toFixed(0)} %`,S(e.stallMs),`${S(e.medianGapMs)} / ${S(e.p95GapMs)} / ${S(e.maxGapMs)}`,e.megabytes===void 0?"\u2013":`${e.megabytes.toFixed(1)} MB`,e.wallSec===void 0?"\u2013":`${e.wallSec.toFixed(1)} s`,n]}var A=["mode","first frame","stall rate","stall time","gap median / p95 / max","downloaded","wall time",""];function re(e){return`a conversation of ${e.chunks} chunks (${e.mediaSec.toFixed(1)} s of media) in Chromium ${e.chromium.version}; ${e.runs} run(s) per mode, medians, modes alternating; a stall is a wait for data or a boundary gap over ${e.stallGapMs} ms; gaps between the last presented frame of a chunk and the first of the next`}function se(e){let n=[re(e)];for(let a of e.profiles)for(let s of["ready","paced"]){let i=e.results.filter(l=>l.profile===a.name&&l.scenario===s);if(i.length===0)continue;n.push("",`link ${a.name}, ${te[s]}`);let d=[A,...i.map(ae)],t=A.map((l,c)=>Math.max(...d.map(m=>m[c]?.length??0)));for(let l of d)n.push(l.map((c,m)=>m===0?c.padEnd(t[m]??0):c.padStart(m===l.length-1?0:t[m]??0)).join("  ").trimEnd())}return n.join(`
`)}function oe(e){let n=e.profiles.flatMap(a=>["ready","paced"].flatMap(s=>{let i=e.results.filter(t=>t.profile===a.name&&t.scenario===s);if(i.length===0)return[];let d=t=>i.map(l=>({label:l.mode,series:l.mode,value:t(l)}));return[{heading:`Link ${a.name}, ${te[s]}`,charts:[{title:"Time to first frame",unit:"ms",digits:0,groups:[{label:"first frame",bars:d(t=>t.firstFrameMs)}]},{title:"Gap at each boundary (presented frames), 95th percentile",unit:"ms",digits:0,groups:[{label:"boundary gap, p95",bars:d(t=>t.p95GapMs)}]},{title:"Chunks with a stall",unit:"%",digits:0,groups:[{label:"stall rate",bars:d(t=>t.stallRatePercent)}]},{title:"Stall time",unit:"s",digits:1,groups:[{label:"stall time",bars:d(t=>t.stallMs===void 0?void 0:t.stallMs/1e3)}]},{title:"Downloaded for the conversation",unit:"MB",digits:1,groups:[{label:"downloaded",bars:d(t=>t.megabytes)}]}],table:{header:A.slice(0,-1).concat("failed runs"),rows:i.map(ae)}}]}));return H("streamprep bench browser --queue: a conversation played four ways",re(e),n)}async function dn(e,n){let a=e.length===0?await Re(Te.join(Fe.tmpdir(),"streamprep-stand-ins-")):void 0;try{let s=[...e];if(a){let d=await G({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe},["libx264","aac"]);n.onProgress?.(0,1,"making 12 stand-in chunks"),s=await K(d.ffmpeg.path,a)}let i=await ne(s,{preset:n.preset,runs:n.runs,profiles:J.slice(0,2),ffmpegPath:n.ffmpeg,ffprobePath:n.ffprobe,signal:n.signal,onProgress:n.onProgress});return{text:se(i),json:`${JSON.stringify(i,null,2)}
`,html:oe(i)}}finally{a&&await je(a,{recursive:!0,force:!0})}}export{dn as benchConversationCommand};
