import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as ee}from"./chunk-ZLAB6NOQ.mjs";import{a as J}from"./chunk-DL4H66YW.mjs";import{a as K,b as Q,c as Z}from"./chunk-ANOTKXQP.mjs";import"./chunk-YXPO7YC7.mjs";import{c as Y}from"./chunk-2QOOUS2J.mjs";import"./chunk-J23RJ72K.mjs";import{a as A}from"./chunk-LHTFF7L3.mjs";import{b as U}from"./chunk-ADGFSWED.mjs";import"./chunk-KBYVLSHX.mjs";import{h as X}from"./chunk-U7XVMSCJ.mjs";import"./chunk-KQP6UFX2.mjs";import"./chunk-ZSS2JI3F.mjs";import{a as q,d as D}from"./chunk-K4QWNNRQ.mjs";import{a as z}from"./chunk-ZPZNTFET.mjs";import"./chunk-NYJ4DZIM.mjs";import"./chunk-CMA4SXL7.mjs";import{d as H}from"./chunk-ABTCXG5K.mjs";import"./chunk-2WIVS27X.mjs";import"./chunk-TC7TY5S5.mjs";import"./chunk-PWIBZ7FF.mjs";import"./chunk-6YACCJDN.mjs";import"./chunk-ZQTFBIDH.mjs";import"./chunk-FVLLBLO6.mjs";import"./chunk-BE7QOLU2.mjs";import"./chunk-3UIDKWCN.mjs";import"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import"./chunk-X6KX2F4B.mjs";import{a as O,b as $,f as G}from"./chunk-5A7H2GX2.mjs";import{f as V,g as R,n as W,o as _}from"./chunk-GSRJJZKI.mjs";import"./chunk-CHPKDCE4.mjs";import"./chunk-OWSIA6DM.mjs";import"./chunk-6MKJCL72.mjs";import{mkdtemp as Oe,rm as Ge}from"node:fs/promises";import ze from"node:os";import qe from"node:path";import{copyFile as Ce,mkdir as Te,mkdtemp as $e,readFile as I,rm as Re}from"node:fs/promises";import{createRequire as Fe}from"node:module";import Ee from"node:os";import v from"node:path";function ne(e){let n=JSON.stringify(e).replace(/</g,"\\u003c");return`<!doctype html><html><head><meta charset="utf-8"><title>streamprep conversation</title></head><body>
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
</script></body></html>`}function xe(e,n){let t=e.trimEnd().split(`
`).filter(i=>i!=="#EXT-X-ENDLIST"),a=t.findIndex(i=>/^#EXT(INF|-X-MAP|-X-DISCONTINUITY|-X-BYTERANGE)/.test(i)),s=a<0?t:t.slice(0,a),o=[],r=[];for(let i of a<0?[]:t.slice(a))r.push(i),i.startsWith("#")||(o.push(r),r=[]);let l=o.slice(0,n).flat();return`${[...s,...l,...n>=o.length?["#EXT-X-ENDLIST"]:[]].join(`
`)}
`}function te(e,n){e.announced=Math.max(e.announced,n);for(let t of[...e.listeners])t()}function re(e,n){let t=e.split(`
`).filter(a=>a.startsWith("#EXTINF:")).length;return async a=>{let s=Number(a.searchParams.get("_HLS_msn")??-1);return Number.isInteger(s)&&s>=n.announced&&n.announced<t&&await new Promise(o=>{let r=setTimeout(l,z(18e3));function l(){clearTimeout(r),n.listeners.delete(i),o()}function i(){n.announced>s&&l()}n.listeners.add(i)}),{type:"application/vnd.apple.mpegurl",body:xe(e,n.announced)}}}function Se(e,n){let t=new R(e),a=t.fullBoxHeader(),s=t.u32();if(!a||s===void 0)return;let{flags:o}=a;o&1&&t.skip(4),o&4&&t.skip(4);let r=[256,512,1024,2048].filter(i=>o&i).length*4;if(s*r>t.remaining)return;let l=[];for(let i=0;i<s;i++){let m=o&256?t.u32():n;t.skip(r-(o&256?4:0)),l.push(m)}return l}function ae(e){let n=[],t=0;for(;t<e.length;){let a=V(e.subarray(t),t,e.length);if(a.status!=="ok")break;if(a.type==="moof"){let s=W(e.subarray(t+a.headerSize,a.end),t+a.headerSize);for(let o of s.filter(r=>r.node.type==="traf")){let r=_(o.children,"tfhd"),l=_(o.children,"tfdt");if(!r||!l)continue;let i=new R(r.payload),m=i.fullBoxHeader()?.flags??0,c=i.u32();m&1&&i.skip(8),m&2&&i.skip(4);let p=m&8?i.u32():0,f=new R(l.payload),g=f.fullBoxHeader()?.version===1?f.u64():f.u32(),y=o.children.filter(b=>b.node.type==="trun").flatMap(b=>Se(b.payload,p)??[]);n.push({trackId:c,decodeTime:g,durations:y})}}t=a.end}return n}var je=["raw-queue","optimized-queue","player","hls.js"],_e=(e,n)=>{if(e.length===0)return;let t=[...e].sort((a,s)=>a-s);return t[Math.min(t.length-1,Math.ceil(n/100*t.length)-1)]},S=e=>{let n=e.filter(t=>t!==void 0&&Number.isFinite(t));return n.length>0?A(n):void 0};async function Ae(){try{let e=Fe(import.meta.url);return await I(e.resolve("hls.js/dist/hls.mjs"),"utf8")}catch{return}}function Ie(e,n,t,a,s,o){let r=a.filter(c=>!c.error&&c.playback),l=r.map(c=>c.playback),i=l.flatMap(c=>c.gapsMs),m=c=>c.stallMs+c.gapsMs.filter(p=>p>o).reduce((p,f)=>p+f,0);return{mode:e,scenario:n,profile:t,runs:a,firstFrameMs:S(l.map(c=>c.firstFrameMs)),stallRatePercent:S(l.map(c=>100*c.stalls.filter(p=>p>0).length/s)),stallMs:S(l.map(m)),medianGapMs:i.length?A(i):void 0,p95GapMs:_e(i,95),maxGapMs:i.length?Math.max(...i):void 0,megabytes:S(r.map(c=>c.bytes/1e6)),wallSec:S(l.map(c=>c.wallMs===void 0?void 0:c.wallMs/1e3)),failedRuns:a.length-r.length}}async function ie(e,n){let t=n.runs??3;if(!Number.isInteger(t)||t<1)throw new $(`runs must be a whole number \u2265 1 (got ${t})`);let a=n.scenarios??["ready","paced"],s=n.stallGapMs??200,o=K(),r=await H(e,{cwd:n.cwd??process.cwd()});if(r.files.length<2)throw new $("a conversation needs at least two chunks");let l=new Intl.Collator("en",{numeric:!0}),i=r.files.map(f=>f.path).sort((f,h)=>l.compare(f,h)),m=await Ae(),c=await $e(v.join(Ee.tmpdir(),"streamprep-bench-conversation-")),p=await Q(o);try{let f=v.join(c,"raw");await Te(f);let h=i.map((d,u)=>`chunk-${String(u+1).padStart(3,"0")}${v.extname(d)}`);await Promise.all(i.map((d,u)=>Ce(d,v.join(f,h[u]))));let g=await U([f],{output:v.join(c,"optimized"),conversation:"talk",preset:n.preset,ffmpegPath:n.ffmpegPath,ffprobePath:n.ffprobePath,signal:n.signal}),y=g.files.filter(d=>d.status!=="ok");if(y.length>0)throw new $(`these chunks could not be optimized: ${y.map(d=>`${d.input} (${d.reason})`).join("; ")}`);let b=await I(v.join(c,"optimized","talk.hls","playlist.m3u8"),"utf8"),P=[...b.matchAll(/^#EXTINF:([\d.]+),/gm)].map(d=>Number(d[1])),N=h.length,fe=(ae(new Uint8Array(await I(v.join(c,"optimized","talk.hls","0001.mp4")))).find(d=>d.trackId===1)?.decodeTime??0)/X,pe=P.map((d,u)=>fe+P.slice(0,u).reduce((w,k)=>w+k,0)),he=h.map(d=>g.files.find(u=>v.basename(u.input)===d)?.encodeSec??0),ge={"raw-queue":h.map(d=>`/raw/${d}`),"optimized-queue":h.map(d=>`/optimized/${d.replace(/\.[^.]+$/,".mp4")}`),player:P.map((d,u)=>`/optimized/talk.hls/${String(u+1).padStart(4,"0")}.mp4`),"hls.js":[]},x=je.filter(d=>d!=="hls.js"||m!==void 0),ye=n.profiles.length*a.length*t*x.length,F=new Map,be=0;for(let d of n.profiles){let u={announced:0,listeners:new Set},w="player",k=await Y({root:c,throttleKbps:d.kbps,latencyMs:d.latencyMs,routes:{...ee(),"/__conversation":async()=>({type:"text/html; charset=utf-8",body:ne({mode:w,urls:ge[w],playlist:"/optimized/talk.hls/live.m3u8",starts:pe,stallGapMs:s})}),"/optimized/talk.hls/live.m3u8":re(b,u),...m?{"/__hls.mjs":async()=>({type:"text/javascript",body:m})}:{}}});try{for(let T=0;T<t;T++)for(let E of a){let ve=x.map((M,j)=>x[(j+T)%x.length]);for(let M of ve){if(n.signal?.aborted)throw new G;w=M,u.announced=0,k.resetStats();let j=await Le(p,k.url,M,E,P,M==="raw-queue"?void 0:he,u),ke=[...k.stats.values()].reduce((Me,Pe)=>Me+Pe.bytes,0),B=`${d.name}|${E}|${M}`;F.set(B,[...F.get(B)??[],{...j,bytes:ke}]),n.onProgress?.(++be,ye,`${d.name} ${E} ${M} (run ${T+1})`)}}}finally{await k.close()}}let we=n.profiles.flatMap(d=>a.flatMap(u=>x.map(w=>Ie(w,u,d.name,F.get(`${d.name}|${u}|${w}`)??[],N,s))));return{schemaVersion:1,startedAt:new Date().toISOString(),chromium:{path:o,version:p.version()},runs:t,chunks:N,mediaSec:P.reduce((d,u)=>d+u,0),stallGapMs:s,profiles:n.profiles,results:we}}finally{await p.close(),await Re(c,{recursive:!0,force:!0})}}async function Le(e,n,t,a,s,o,r){let l=await e.newContext(),i=[];try{let m=await l.newPage();await m.goto(`${n}__conversation`);let c=g=>{te(r,g),m.evaluate(y=>globalThis.announce(y),g).catch(()=>{})};if(a==="ready")c(s.length);else{let g=0;for(let[y,b]of s.entries())g+=b*1e3,i.push(setTimeout(()=>c(y+1),g+(o?.[y]??0)*1e3))}let p=s.reduce((g,y)=>g+y,0)*1e3,f=Math.round(6e4+p*(a==="paced"?3:2)+p*10),h=await m.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${f}))])`);return h.error?{playback:void 0,error:h.error}:{playback:h}}catch(m){return{playback:void 0,error:m instanceof Error?m.message.split(`
`)[0]:String(m)}}finally{for(let m of i)clearTimeout(m);await l.close()}}var C=e=>e===void 0?"\u2013":`${e.toFixed(0)} ms`,se={ready:"all chunks ready",paced:"chunks at generator pace"};function oe(e){let n=e.failedRuns>0?`${e.failedRuns}/${e.runs.length} run(s) failed: ${[...new Set(e.runs.map(t=>t.error).filter(Boolean))].join("; ")}`:"";return[e.mode,C(e.firstFrameMs),e.stallRatePercent===void 0?"\u2013":`${e.stallRatePercent.toFixed(0)} %`,C(e.stallMs),`${C(e.medianGapMs)} / ${C(e.p95GapMs)} / ${C(e.maxGapMs)}`,e.megabytes===void 0?"\u2013":`${e.megabytes.toFixed(1)} MB`,e.wallSec===void 0?"\u2013":`${e.wallSec.toFixed(1)} s`,n]}var L=["mode","first frame","stall rate","stall time","gap median / p95 / max","downloaded","wall time",""];function le(e){return`a conversation of ${e.chunks} chunks (${e.mediaSec.toFixed(1)} s of media) in Chromium ${e.chromium.version}; ${e.runs} run(s) per mode, medians, modes alternating; a stall is a wait for data or a boundary gap over ${e.stallGapMs} ms; gaps between the last presented frame of a chunk and the first of the next`}function ce(e){let n=[le(e)];for(let t of e.profiles)for(let a of["ready","paced"]){let s=e.results.filter(l=>l.profile===t.name&&l.scenario===a);if(s.length===0)continue;n.push("",`link ${t.name}, ${se[a]}`);let o=[L,...s.map(oe)],r=L.map((l,i)=>Math.max(...o.map(m=>m[i]?.length??0)));for(let l of o)n.push(l.map((i,m)=>m===0?i.padEnd(r[m]??0):i.padStart(m===l.length-1?0:r[m]??0)).join("  ").trimEnd())}return n.join(`
`)}function de(e){let n=e.profiles.flatMap(t=>["ready","paced"].flatMap(a=>{let s=e.results.filter(r=>r.profile===t.name&&r.scenario===a);if(s.length===0)return[];let o=r=>s.map(l=>({label:l.mode,series:l.mode,value:r(l)}));return[{heading:`Link ${t.name}, ${se[a]}`,charts:[{title:"Time to first frame",unit:"ms",digits:0,groups:[{label:"first frame",bars:o(r=>r.firstFrameMs)}]},{title:"Gap at each boundary (presented frames), 95th percentile",unit:"ms",digits:0,groups:[{label:"boundary gap, p95",bars:o(r=>r.p95GapMs)}]},{title:"Chunks with a stall",unit:"%",digits:0,groups:[{label:"stall rate",bars:o(r=>r.stallRatePercent)}]},{title:"Stall time",unit:"s",digits:1,groups:[{label:"stall time",bars:o(r=>r.stallMs===void 0?void 0:r.stallMs/1e3)}]},{title:"Downloaded for the conversation",unit:"MB",digits:1,groups:[{label:"downloaded",bars:o(r=>r.megabytes)}]}],table:{header:L.slice(0,-1).concat("failed runs"),rows:s.map(oe)}}]}));return J("streamprep bench browser --queue: a conversation played four ways",le(e),n)}import{mkdir as Ne}from"node:fs/promises";import Be from"node:path";var me=[5.2,4.4,6,4.8,5.6,4,5.8,4.6,5,4.24,5.4,4.96];async function ue(e,n,{count:t=12,footage:a}={}){await Ne(n,{recursive:!0});let s=[],o=0;for(let r=0;r<t;r++){let l=me[r%me.length],i=Be.join(n,`chunk-${String(r+1).padStart(3,"0")}.mp4`),m=a?["-stream_loop","-1","-ss",String(o%5),"-i",a]:["-f","lavfi","-i","testsrc2=size=512x512:rate=25","-f","lavfi","-i",`sine=frequency=${200+40*r}:sample_rate=48000`],c=await q(e,["-hide_banner","-nostdin","-loglevel","error",...m,"-t",String(l),"-map","0:v:0","-map",a?"0:a:0":"1:a","-vf","scale=512:512:force_original_aspect_ratio=increase,crop=512:512,fps=25,noise=alls=6:allf=t","-c:v","libx264","-profile:v","high","-preset","veryfast","-b:v","8M","-minrate","8M","-maxrate","8M","-bufsize","4M","-x264-params","nal-hrd=cbr:filler=1","-pix_fmt","yuv420p","-c:a","aac","-ar","48000","-ac","2","-b:a","192k","-y",i],{timeoutMs:6e5});if(c.exitCode!==0)throw new O(`could not make the stand-in chunks: ${c.spawnError??c.stderrTail.trim().split(`
`).at(-1)}`,1);s.push(i),o+=l}return s}async function Rn(e,n){let t=e.length===0?await Oe(qe.join(ze.tmpdir(),"streamprep-stand-ins-")):void 0;try{let a=[...e];if(t){let o=await D({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe},["libx264","aac"]);n.onProgress?.(0,1,"making 12 stand-in chunks"),a=await ue(o.ffmpeg.path,t)}let s=await ie(a,{preset:n.preset,runs:n.runs,profiles:Z.slice(0,2),ffmpegPath:n.ffmpeg,ffprobePath:n.ffprobe,signal:n.signal,onProgress:n.onProgress});return{text:ce(s),json:`${JSON.stringify(s,null,2)}
`,html:de(s)}}finally{t&&await Ge(t,{recursive:!0,force:!0})}}export{Rn as benchConversationCommand};
