import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as K}from"./chunk-ZLAB6NOQ.mjs";import{a as W}from"./chunk-DL4H66YW.mjs";import{a as U,b as J,c as Y}from"./chunk-6FK2HFY3.mjs";import"./chunk-YXPO7YC7.mjs";import{c as X}from"./chunk-KKQQXK3Q.mjs";import"./chunk-J23RJ72K.mjs";import{a as F}from"./chunk-LHTFF7L3.mjs";import{b as H}from"./chunk-LXVCXVQC.mjs";import"./chunk-KBYVLSHX.mjs";import{h as V}from"./chunk-QVMFVKA4.mjs";import"./chunk-KQP6UFX2.mjs";import"./chunk-WFK2CIXB.mjs";import{a as q,d as z}from"./chunk-RYN4JCGZ.mjs";import{a as G}from"./chunk-ZPZNTFET.mjs";import"./chunk-7E3BKABY.mjs";import"./chunk-566GT67G.mjs";import{d as B}from"./chunk-ABTCXG5K.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-PY6BA57P.mjs";import"./chunk-PWIBZ7FF.mjs";import"./chunk-6YACCJDN.mjs";import"./chunk-ZQTFBIDH.mjs";import"./chunk-FVLLBLO6.mjs";import"./chunk-BE7QOLU2.mjs";import"./chunk-3UIDKWCN.mjs";import"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import"./chunk-X6KX2F4B.mjs";import{a as N,b as E,f as O}from"./chunk-5A7H2GX2.mjs";import{p as D}from"./chunk-5ATXUZK3.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import{mkdtemp as Ae,rm as Le}from"node:fs/promises";import Ie from"node:os";import Ne from"node:path";import{copyFile as ke,mkdir as Me,mkdtemp as Pe,readFile as _,rm as Se}from"node:fs/promises";import{createRequire as xe}from"node:module";import Ce from"node:os";import b from"node:path";function Q(e){let n=JSON.stringify(e).replace(/</g,"\\u003c");return`<!doctype html><html><head><meta charset="utf-8"><title>streamprep conversation</title></head><body>
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
</script></body></html>`}function ve(e,n){let t=e.trimEnd().split(`
`).filter(c=>c!=="#EXT-X-ENDLIST"),a=t.findIndex(c=>/^#EXT(INF|-X-MAP|-X-DISCONTINUITY|-X-BYTERANGE)/.test(c)),o=a<0?t:t.slice(0,a),d=[],r=[];for(let c of a<0?[]:t.slice(a))r.push(c),c.startsWith("#")||(d.push(r),r=[]);let l=d.slice(0,n).flat();return`${[...o,...l,...n>=d.length?["#EXT-X-ENDLIST"]:[]].join(`
`)}
`}function Z(e,n){e.announced=Math.max(e.announced,n);for(let t of[...e.listeners])t()}function ee(e,n){let t=e.split(`
`).filter(a=>a.startsWith("#EXTINF:")).length;return async a=>{let o=Number(a.searchParams.get("_HLS_msn")??-1);return Number.isInteger(o)&&o>=n.announced&&n.announced<t&&await new Promise(d=>{let r=setTimeout(l,G(18e3));function l(){clearTimeout(r),n.listeners.delete(c),d()}function c(){n.announced>o&&l()}n.listeners.add(c)}),{type:"application/vnd.apple.mpegurl",body:ve(e,n.announced)}}}var $e=["raw-queue","optimized-queue","player","hls.js"],Ee=(e,n)=>{if(e.length===0)return;let t=[...e].sort((a,o)=>a-o);return t[Math.min(t.length-1,Math.ceil(n/100*t.length)-1)]},S=e=>{let n=e.filter(t=>t!==void 0&&Number.isFinite(t));return n.length>0?F(n):void 0};async function Re(){try{let e=xe(import.meta.url);return await _(e.resolve("hls.js/dist/hls.mjs"),"utf8")}catch{return}}function Te(e,n,t,a,o,d){let r=a.filter(s=>!s.error&&s.playback),l=r.map(s=>s.playback),c=l.flatMap(s=>s.gapsMs),m=s=>s.stallMs+s.gapsMs.filter(f=>f>d).reduce((f,p)=>f+p,0);return{mode:e,scenario:n,profile:t,runs:a,firstFrameMs:S(l.map(s=>s.firstFrameMs)),stallRatePercent:S(l.map(s=>100*s.stalls.filter(f=>f>0).length/o)),stallMs:S(l.map(m)),medianGapMs:c.length?F(c):void 0,p95GapMs:Ee(c,95),maxGapMs:c.length?Math.max(...c):void 0,megabytes:S(r.map(s=>s.bytes/1e6)),wallSec:S(l.map(s=>s.wallMs===void 0?void 0:s.wallMs/1e3)),failedRuns:a.length-r.length}}async function ne(e,n){let t=n.runs??3;if(!Number.isInteger(t)||t<1)throw new E(`runs must be a whole number \u2265 1 (got ${t})`);let a=n.scenarios??["ready","paced"],o=n.stallGapMs??200,d=U(),r=await B(e,{cwd:n.cwd??process.cwd()});if(r.files.length<2)throw new E("a conversation needs at least two chunks");let l=new Intl.Collator("en",{numeric:!0}),c=r.files.map(p=>p.path).sort((p,h)=>l.compare(p,h)),m=await Re(),s=await Pe(b.join(Ce.tmpdir(),"streamprep-bench-conversation-")),f=await J(d);try{let p=b.join(s,"raw");await Me(p);let h=c.map((i,u)=>`chunk-${String(u+1).padStart(3,"0")}${b.extname(i)}`);await Promise.all(c.map((i,u)=>ke(i,b.join(p,h[u]))));let g=await H([p],{output:b.join(s,"optimized"),conversation:"talk",preset:n.preset,ffmpegPath:n.ffmpegPath,ffprobePath:n.ffprobePath,signal:n.signal}),y=g.files.filter(i=>i.status!=="ok");if(y.length>0)throw new E(`these chunks could not be optimized: ${y.map(i=>`${i.input} (${i.reason})`).join("; ")}`);let C=await _(b.join(s,"optimized","talk.hls","playlist.m3u8"),"utf8"),M=[...C.matchAll(/^#EXTINF:([\d.]+),/gm)].map(i=>Number(i[1])),L=h.length,ce=(D(new Uint8Array(await _(b.join(s,"optimized","talk.hls","0001.mp4")))).find(i=>i.trackId===1)?.decodeTime??0)/V,de=M.map((i,u)=>ce+M.slice(0,u).reduce((w,v)=>w+v,0)),me=h.map(i=>g.files.find(u=>b.basename(u.input)===i)?.encodeSec??0),ue={"raw-queue":h.map(i=>`/raw/${i}`),"optimized-queue":h.map(i=>`/optimized/${i.replace(/\.[^.]+$/,".mp4")}`),player:M.map((i,u)=>`/optimized/talk.hls/${String(u+1).padStart(4,"0")}.mp4`),"hls.js":[]},P=$e.filter(i=>i!=="hls.js"||m!==void 0),fe=n.profiles.length*a.length*t*P.length,R=new Map,pe=0;for(let i of n.profiles){let u={announced:0,listeners:new Set},w="player",v=await X({root:s,throttleKbps:i.kbps,latencyMs:i.latencyMs,routes:{...K(),"/__conversation":async()=>({type:"text/html; charset=utf-8",body:Q({mode:w,urls:ue[w],playlist:"/optimized/talk.hls/live.m3u8",starts:de,stallGapMs:o})}),"/optimized/talk.hls/live.m3u8":ee(C,u),...m?{"/__hls.mjs":async()=>({type:"text/javascript",body:m})}:{}}});try{for(let $=0;$<t;$++)for(let T of a){let ge=P.map((k,j)=>P[(j+$)%P.length]);for(let k of ge){if(n.signal?.aborted)throw new O;w=k,u.announced=0,v.resetStats();let j=await je(f,v.url,k,T,M,k==="raw-queue"?void 0:me,u),ye=[...v.stats.values()].reduce((we,be)=>we+be.bytes,0),I=`${i.name}|${T}|${k}`;R.set(I,[...R.get(I)??[],{...j,bytes:ye}]),n.onProgress?.(++pe,fe,`${i.name} ${T} ${k} (run ${$+1})`)}}}finally{await v.close()}}let he=n.profiles.flatMap(i=>a.flatMap(u=>P.map(w=>Te(w,u,i.name,R.get(`${i.name}|${u}|${w}`)??[],L,o))));return{schemaVersion:1,startedAt:new Date().toISOString(),chromium:{path:d,version:f.version()},runs:t,chunks:L,mediaSec:M.reduce((i,u)=>i+u,0),stallGapMs:o,profiles:n.profiles,results:he}}finally{await f.close(),await Se(s,{recursive:!0,force:!0})}}async function je(e,n,t,a,o,d,r){let l=await e.newContext(),c=[];try{let m=await l.newPage();await m.goto(`${n}__conversation`);let s=g=>{Z(r,g),m.evaluate(y=>globalThis.announce(y),g).catch(()=>{})};if(a==="ready")s(o.length);else{let g=0;for(let[y,C]of o.entries())g+=C*1e3,c.push(setTimeout(()=>s(y+1),g+(d?.[y]??0)*1e3))}let f=o.reduce((g,y)=>g+y,0)*1e3,p=Math.round(6e4+f*(a==="paced"?3:2)+f*10),h=await m.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${p}))])`);return h.error?{playback:void 0,error:h.error}:{playback:h}}catch(m){return{playback:void 0,error:m instanceof Error?m.message.split(`
`)[0]:String(m)}}finally{for(let m of c)clearTimeout(m);await l.close()}}var x=e=>e===void 0?"\u2013":`${e.toFixed(0)} ms`,te={ready:"all chunks ready",paced:"chunks at generator pace"};function re(e){let n=e.failedRuns>0?`${e.failedRuns}/${e.runs.length} run(s) failed: ${[...new Set(e.runs.map(t=>t.error).filter(Boolean))].join("; ")}`:"";return[e.mode,x(e.firstFrameMs),e.stallRatePercent===void 0?"\u2013":`${e.stallRatePercent.toFixed(0)} %`,x(e.stallMs),`${x(e.medianGapMs)} / ${x(e.p95GapMs)} / ${x(e.maxGapMs)}`,e.megabytes===void 0?"\u2013":`${e.megabytes.toFixed(1)} MB`,e.wallSec===void 0?"\u2013":`${e.wallSec.toFixed(1)} s`,n]}var A=["mode","first frame","stall rate","stall time","gap median / p95 / max","downloaded","wall time",""];function ae(e){return`a conversation of ${e.chunks} chunks (${e.mediaSec.toFixed(1)} s of media) in Chromium ${e.chromium.version}; ${e.runs} run(s) per mode, medians, modes alternating; a stall is a wait for data or a boundary gap over ${e.stallGapMs} ms; gaps between the last presented frame of a chunk and the first of the next`}function se(e){let n=[ae(e)];for(let t of e.profiles)for(let a of["ready","paced"]){let o=e.results.filter(l=>l.profile===t.name&&l.scenario===a);if(o.length===0)continue;n.push("",`link ${t.name}, ${te[a]}`);let d=[A,...o.map(re)],r=A.map((l,c)=>Math.max(...d.map(m=>m[c]?.length??0)));for(let l of d)n.push(l.map((c,m)=>m===0?c.padEnd(r[m]??0):c.padStart(m===l.length-1?0:r[m]??0)).join("  ").trimEnd())}return n.join(`
`)}function ie(e){let n=e.profiles.flatMap(t=>["ready","paced"].flatMap(a=>{let o=e.results.filter(r=>r.profile===t.name&&r.scenario===a);if(o.length===0)return[];let d=r=>o.map(l=>({label:l.mode,series:l.mode,value:r(l)}));return[{heading:`Link ${t.name}, ${te[a]}`,charts:[{title:"Time to first frame",unit:"ms",digits:0,groups:[{label:"first frame",bars:d(r=>r.firstFrameMs)}]},{title:"Gap at each boundary (presented frames), 95th percentile",unit:"ms",digits:0,groups:[{label:"boundary gap, p95",bars:d(r=>r.p95GapMs)}]},{title:"Chunks with a stall",unit:"%",digits:0,groups:[{label:"stall rate",bars:d(r=>r.stallRatePercent)}]},{title:"Stall time",unit:"s",digits:1,groups:[{label:"stall time",bars:d(r=>r.stallMs===void 0?void 0:r.stallMs/1e3)}]},{title:"Downloaded for the conversation",unit:"MB",digits:1,groups:[{label:"downloaded",bars:d(r=>r.megabytes)}]}],table:{header:A.slice(0,-1).concat("failed runs"),rows:o.map(re)}}]}));return W("streamprep bench browser --queue: a conversation played four ways",ae(e),n)}import{mkdir as Fe}from"node:fs/promises";import _e from"node:path";var oe=[5.2,4.4,6,4.8,5.6,4,5.8,4.6,5,4.24,5.4,4.96];async function le(e,n,{count:t=12,footage:a}={}){await Fe(n,{recursive:!0});let o=[],d=0;for(let r=0;r<t;r++){let l=oe[r%oe.length],c=_e.join(n,`chunk-${String(r+1).padStart(3,"0")}.mp4`),m=a?["-stream_loop","-1","-ss",String(d%5),"-i",a]:["-f","lavfi","-i","testsrc2=size=512x512:rate=25","-f","lavfi","-i",`sine=frequency=${200+40*r}:sample_rate=48000`],s=await q(e,["-hide_banner","-nostdin","-loglevel","error",...m,"-t",String(l),"-map","0:v:0","-map",a?"0:a:0":"1:a","-vf","scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25,noise=alls=6:allf=t","-c:v","libx264","-profile:v","high","-preset","veryfast","-b:v","8M","-minrate","8M","-maxrate","8M","-bufsize","4M","-x264-params","nal-hrd=cbr:filler=1","-pix_fmt","yuv420p","-c:a","aac","-ar","48000","-ac","2","-b:a","192k","-y",c],{timeoutMs:6e5});if(s.exitCode!==0)throw new N(`could not make the stand-in chunks: ${s.spawnError??s.stderrTail.trim().split(`
`).at(-1)}`,1);o.push(c),d+=l}return o}async function vn(e,n){let t=e.length===0?await Ae(Ne.join(Ie.tmpdir(),"streamprep-stand-ins-")):void 0;try{let a=[...e];if(t){let d=await z({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe},["libx264","aac"]);n.onProgress?.(0,1,"making 12 stand-in chunks"),a=await le(d.ffmpeg.path,t)}let o=await ne(a,{preset:n.preset,runs:n.runs,profiles:Y.slice(0,2),ffmpegPath:n.ffmpeg,ffprobePath:n.ffprobe,signal:n.signal,onProgress:n.onProgress});return{text:se(o),json:`${JSON.stringify(o,null,2)}
`,html:ie(o)}}finally{t&&await Le(t,{recursive:!0,force:!0})}}export{vn as benchConversationCommand};
