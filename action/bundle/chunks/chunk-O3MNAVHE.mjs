import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as O}from"./chunk-YXPO7YC7.mjs";import{c as F}from"./chunk-KEUANAX2.mjs";import{a as B}from"./chunk-NNWJZNYT.mjs";import{c as I}from"./chunk-PGZW2DMB.mjs";import{d as _}from"./chunk-MJA6K3NQ.mjs";import{a as P,b as S,f as C}from"./chunk-5A7H2GX2.mjs";import{copyFile as N,mkdir as J,mkdtemp as K,rm as G}from"node:fs/promises";import Y from"node:os";import a from"node:path";import{existsSync as L}from"node:fs";var D=["/usr/lib/chromium/chromium-headless-shell","/usr/bin/chromium-headless-shell","/usr/bin/chromium","/usr/bin/chromium-browser","/usr/bin/google-chrome"];function k(n=process.env,e=D){let s=n.STREAMPREP_CHROMIUM;if(s){if(!L(s))throw new P(`STREAMPREP_CHROMIUM=${s}: no such file`,2);return s}let f=e.find(g=>L(g));if(!f)throw new P("no Chromium found: install Debian's chromium-headless-shell (apt-get install chromium-headless-shell) or chromium, or set STREAMPREP_CHROMIUM",2);return f}var H=["--headless","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--autoplay-policy=no-user-gesture-required","--mute-audio"];async function T(n=k()){let{chromium:e}=await O(["playwright-core"],"bench browser",()=>import("playwright-core"));return e.launch({executablePath:n,args:H,headless:!0})}function q(n,e){return`<!doctype html><html><head><meta charset="utf-8"><title>streamprep player</title></head><body>
<script>
const config = ${JSON.stringify({srcs:n,full:e}).replace(/</g,"\\u003c")};
const now = () => performance.now();
function watch(video, metrics, start) {
  let waitingSince;
  video.addEventListener('loadedmetadata', () => { metrics.metadataMs ??= now() - start; });
  video.addEventListener('playing', () => {
    metrics.playingMs ??= now() - start;
    if (waitingSince !== undefined) { metrics.stallMs += now() - waitingSince; waitingSince = undefined; }
  });
  video.addEventListener('waiting', () => {
    if (metrics.playingMs !== undefined && waitingSince === undefined) { metrics.stalls++; waitingSince = now(); }
  });
}
function makeVideo(src) {
  const video = document.createElement('video');
  video.muted = true; video.playsInline = true; video.preload = 'auto';
  document.body.append(video);
  return video;
}
async function single() {
  const metrics = { stalls: 0, stallMs: 0, ended: false };
  const video = makeVideo();
  watch(video, metrics, now());
  const start = now();
  await new Promise((resolve) => {
    video.addEventListener('error', () => { metrics.error = video.error ? video.error.message || ('code ' + video.error.code) : 'error'; resolve(); });
    video.addEventListener('ended', () => { metrics.ended = true; resolve(); });
    video.requestVideoFrameCallback(() => { metrics.firstFrameMs = now() - start; if (!config.full) resolve(); });
    video.src = config.srcs[0];
    video.play().catch((e) => { metrics.error = String(e); resolve(); });
  });
  return metrics;
}
window.__result = single().catch((e) => ({ error: String(e) }));
</script></body></html>`}var Q=[{name:"1.5 Mbit/s + 150 ms",kbps:1500,latencyMs:150},{name:"5 Mbit/s + 50 ms",kbps:5e3,latencyMs:50},{name:"20 Mbit/s + 20 ms",kbps:2e4,latencyMs:20}],W=12e4,m=n=>{let e=n.filter(s=>s!==void 0);return e.length>0?B(e):void 0};async function pe(n,e={}){let s=e.runs??3;if(!Number.isInteger(s)||s<1)throw new S(`runs must be a whole number \u2265 1 (got ${s})`);let f=e.cwd??process.cwd(),g=k(),c=await _(n,{cwd:f});if(c.files.length===0)throw new S(`no video files found in ${n.join(", ")||"(no inputs given)"}`);let b=e.profiles??Q,h=await K(a.join(Y.tmpdir(),"streamprep-bench-browser-")),w=await T(g);try{let y=a.join(h,"raw");await J(y);let p=c.files.map((r,o)=>`${String(o).padStart(3,"0")}-${a.parse(r.path).name}${a.extname(r.path)}`);await Promise.all(c.files.map((r,o)=>N(r.path,a.join(y,p[o]))));let U=await I([y],{output:a.join(h,"optimized"),preset:e.preset,ffmpegPath:e.ffmpegPath,ffprobePath:e.ffprobePath,signal:e.signal}),x=new Map(U.files.filter(r=>r.status==="ok").map(r=>[a.basename(r.input),r.output])),V=r=>[["raw",`/raw/${encodeURIComponent(p[r])}`],["optimized",x.has(p[r])?`/optimized/${encodeURIComponent(a.basename(x.get(p[r])))}`:void 0]],M=[],z=b.length*c.files.length*2*s,E=0;for(let r of b){let o=await F({root:h,throttleKbps:r.kbps,latencyMs:r.latencyMs,routes:{"/__player":async i=>({type:"text/html; charset=utf-8",body:q(i.searchParams.getAll("src"),i.searchParams.get("full")==="1")})}}),j=async i=>{if(e.signal?.aborted)throw new C;let d=await w.newContext();try{let u=await d.newPage();return await u.goto(`${o.url}__player?${i}`),await u.evaluate(`Promise.race([window.__result, new Promise((r) => setTimeout(() => r({ error: 'timed out' }), ${W}))])`)}finally{await d.close()}};try{for(let i=0;i<c.files.length;i++)for(let[d,u]of V(i)){let R=c.files[i]?.path;if(!u){M.push({input:R,variant:d,profile:r.name,metadataMs:void 0,firstFrameMs:void 0,playingMs:void 0,stalls:0,stallMs:0,bytes:0,requests:0,error:"not optimized"}),E+=s;continue}let l=[],v=[];for(let t=0;t<s;t++){o.resetStats(),l.push(await j(`mode=single&full=${e.full?1:0}&src=${encodeURIComponent(u)}`));let A=o.stats.get(u);v.push({bytes:A?.bytes??0,requests:A?.requests??0}),e.onProgress?.(++E,z,`${r.name} ${d} ${p[i]}`)}let $=l.find(t=>t.error)?.error;M.push({input:R,variant:d,profile:r.name,metadataMs:m(l.map(t=>t.metadataMs)),firstFrameMs:m(l.map(t=>t.firstFrameMs)),playingMs:m(l.map(t=>t.playingMs)),stalls:m(l.map(t=>t.stalls))??0,stallMs:m(l.map(t=>t.stallMs))??0,bytes:m(v.map(t=>t.bytes))??0,requests:m(v.map(t=>t.requests))??0,...$?{error:$}:{}})}}finally{await o.close()}}return{schemaVersion:1,startedAt:new Date().toISOString(),chromium:{path:g,version:w.version()},runs:s,profiles:b,files:M}}finally{await w.close(),await G(h,{recursive:!0,force:!0})}}export{k as a,T as b,Q as c,pe as d};
