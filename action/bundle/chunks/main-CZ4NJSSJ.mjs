import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as O,b as M,c as P,d as w,e as D,f as j,g as q,h as J,i as k,j as _}from"./chunk-AY3CUTOE.mjs";import{a as g}from"./chunk-UP5EAU2U.mjs";import{a as B,b as U}from"./chunk-2VJZ7JJI.mjs";import"./chunk-ZPZNTFET.mjs";import{c as z}from"./chunk-6YACCJDN.mjs";import{a as f,c as T,d as R,e as S}from"./chunk-3UIDKWCN.mjs";import{a as A}from"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import{a as y,e as H,f as I,h as E}from"./chunk-5A7H2GX2.mjs";import"./chunk-6MKJCL72.mjs";var ie=["presets","runs","levels","quality","jsonFile","html","progress","ffmpeg","ffprobe"];function L(t,o){let{interrupt:i}=o,n=t.command("bench").description("measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels").argument("<inputs...>","video files, folders or globs");w(n,ie,{progress:{description:"no progress bar or per-run lines"}}),n.enablePositionalOptions(),pe(n,o),n.addHelpText("after",`
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR
  $ streamprep bench chunks/ -j 1,2 --html bench.html     charts: throughput per preset and concurrency, size against quality

Outputs go to a temporary folder that is removed afterwards. RTF = encode time \xF7 media duration.`).action(async(e,s)=>{await k();let{bench:a}=await import("./run-bench-ZLPAEI3D.mjs"),{formatBench:l}=await import("./format-bench-XVUX762I.mjs"),r=s.progress!==!1&&process.stderr.isTTY===!0,m=performance.now(),{checkReportTarget:p}=await import("./report-target-NKDDHZTA.mjs");for(let[d,h]of[["--json",s.jsonFile],["--html",s.html]])h&&await p(h,void 0,`${d} ${h}`);let u=await a(e,{presets:s.presets,runs:s.runs??3,concurrency:s.levels,quality:s.quality??!1,ffmpegPath:s.ffmpeg,ffprobePath:s.ffprobe,signal:i.signal,onBatch:d=>{if(s.progress===!1)return;let h=`${d.preset} \xD7${d.concurrency} ${d.warmUp?"warm-up":`run ${d.run}`}: ${d.wallSec.toFixed(2)} s`;r?process.stderr.write(`\r\x1B[2K${q(d.done,d.total,(performance.now()-m)/1e3)}  ${h}`):process.stderr.write(`${h}
`)}});if(r&&process.stderr.write("\r\x1B[2K"),i.signal.aborted)return;let{writeFileAtomic:c}=await import("./temp-output-5HA3LNAI.mjs");if(s.jsonFile&&await c(s.jsonFile,`${JSON.stringify(u,null,2)}
`),s.html){let{formatBenchHtml:d}=await import("./format-bench-XVUX762I.mjs");await c(s.html,d(u))}process.stdout.write(`${l(u)}
`)})}var ae=["preset","runs","queue","full","jsonFile","html","progress","ffmpeg","ffprobe"];function pe(t,{interrupt:o}){let i=t.command("browser").description("time to first frame, stalls, bytes and requests in headless Chromium over slow links: each input against its optimized output, or (--queue) a conversation played four ways").argument("[inputs...]","video files, folders or globs (with --queue: the chunks of one conversation, in name order; default: 12 stand-ins like a generator's)");w(i,ae,{preset:{description:"the preset the optimized outputs are made with"},runs:{description:"measurements per file, variant and link (medians are reported)"},queue:{description:"play the inputs as one conversation, back to back: raw and optimized chunks in a two-element queue, streamprep/player, hls.js on the live playlist; all chunks ready, and at generator pace"}}),i.addHelpText("after",`
Examples:
  $ streamprep bench browser chunks/ --html ttff.html        each chunk raw vs optimized: first frame, stalls, bytes
  $ streamprep bench browser --queue --html talk.html        12 stand-in chunks (~8 Mbit/s, 512\xD7512, 25 fps, High,
                                                            48 kHz stereo, moov at the end) as a conversation
  $ streamprep bench browser chunks/ --queue --runs 5 --json talk.json

Links (one budget for all connections, by streamprep serve's throttle): 1.5 Mbit/s + 150 ms, 5 Mbit/s + 50 ms,
and 20 Mbit/s + 20 ms without --queue. With --queue: time to first frame, stall rate (chunks with a wait for
data or a boundary gap over 200 ms), stall time, the gap at each boundary from presented frames
(requestVideoFrameCallback), MB downloaded and wall time; modes alternate from run to run; a run that fails or
times out is shown as failed, never as a good number. Generator pace: chunk N appears when a real-time
generator would have finished it (plus its measured encode time, for the optimized modes). hls.js is the
dev dependency's (npm i -D hls.js); without it that mode is left out. Needs a system Chromium:
apt-get install chromium-headless-shell (or set STREAMPREP_CHROMIUM); exit 2 when there is none.`).action(async(n,e)=>{let{checkReportTarget:s}=await import("./report-target-NKDDHZTA.mjs");for(let[b,$]of[["--json",e.jsonFile],["--html",e.html]])$&&await s($,void 0,`${b} ${$}`);let{UsageError:a}=await import("./errors-KGSEGRHI.mjs");if(!e.queue&&n.length===0)throw new a("bench browser needs inputs (or --queue, which makes stand-in chunks)");let l=e.progress!==!1&&process.stderr.isTTY===!0,r=performance.now(),m=(b,$,C)=>{e.progress!==!1&&(l?process.stderr.write(`\r\x1B[2K${q(b,$,(performance.now()-r)/1e3)}  ${C}`):process.stderr.write(`${C}
`))},{writeFileAtomic:p}=await import("./temp-output-5HA3LNAI.mjs");if(e.queue){let{benchConversationCommand:b}=await import("./conversation-command-OIYNAZKR.mjs"),{text:$,json:C,html:ne}=await b(n,{preset:e.preset,runs:e.runs??3,ffmpeg:e.ffmpeg,ffprobe:e.ffprobe,signal:o.signal,onProgress:m});l&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await p(e.jsonFile,C),e.html&&await p(e.html,ne),process.stdout.write(`${$}
`);return}let{benchBrowser:u}=await import("./bench-browser-ZDWVCTNJ.mjs"),{formatBrowserBench:c,formatBrowserHtml:d}=await import("./format-browser-WROZEINY.mjs"),h=await u(n,{preset:e.preset,runs:e.runs??3,full:e.full??!1,ffmpegPath:e.ffmpeg,ffprobePath:e.ffprobe,signal:o.signal,onProgress:m});l&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await p(e.jsonFile,`${JSON.stringify(h,null,2)}
`),e.html&&await p(e.html,d(h)),process.stdout.write(`${c(h)}
`)})}var ce={SIGHUP:129,SIGINT:130,SIGTERM:143};function G(t){let o=new AbortController,i=[],n,e=Object.entries(ce).map(([s,a])=>{let l=()=>{n!==void 0&&process.exit(n),n=a;for(let r of i)r();t?.(),o.abort()};return process.on(s,l),[s,l]});return{signal:o.signal,exitCode:()=>n,onInterrupt:s=>{i.push(s)},stopped:()=>new Promise(s=>{o.signal.aborted?s():o.signal.addEventListener("abort",()=>s(),{once:!0})}),dispose(){for(let[s,a]of e)process.off(s,a)}}}function F(t){let o=t.verdict==="faststart"?`faststart (${t.reason})`:`${t.verdict}: ${t.reason}`;return t.violations.length>0?`${o}; preset: ${t.violations.join("; ")}`:o}var W=(t,o=process.cwd())=>`${t.passed?t.fixed?"FIXED":"PASS":"FAIL"}  ${f(g(o,t.file))}  ${f(F(t))}`;function K(t){let o=t.skipped>0?`; ${t.skipped} skipped (hidden, or streamprep's temporary files)`:"";return`${t.checked} checked: ${t.passed} passed, ${t.failed} failed${o}`}function Q(t,o=process.cwd()){let i=`streamprep check: ${t.verdict}`;return`::error file=${S(g(o,t.file))},title=${S(i)}::${R(F(t))}`}var v=T;function V(t,o,i=process.cwd()){let n=t.preset?`streamprep check (preset ${t.preset})`:"streamprep check",e=t.files.map(a=>{let l=`    <testcase classname="streamprep.check" name="${v(g(i,a.file))}"`;if(a.passed)return`${l}/>`;let r=F(a);return`${l}>
      <failure type="${v(a.verdict)}" message="${v(r)}">${v(r)}</failure>
    </testcase>`}),s=`tests="${t.checked}" failures="${t.failed}" errors="0" time="${o.toFixed(3)}"`;return['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="${v(n)}" ${s}>`,`  <testsuite name="${v(n)}" ${s}>`,...e,"  </testsuite>","</testsuites>",""].join(`
`)}var de=["preset","json","junit","quiet","fix","breakHardlinks"],N=10,me=`
Examples:
  $ streamprep check out/                        every MP4/MOV under out/: is moov before mdat?
  $ streamprep check out/ --preset streaming     \u2026and is each what the streaming preset produces?
  $ streamprep check 'dist/**/*.mp4' --junit check.xml --quiet
  $ streamprep check public/ --fix                 make them faststart where moving moov is all it takes

Verdicts: faststart (passes), moov-after-mdat, no-moov, truncated, malformed, not-mp4, unreadable
(missing, a FIFO or other non-regular file, permission denied). Hidden files and streamprep's own
temporary files found in folders are skipped and counted. --fix follows the rules of faststart --in-place.
Under GitHub Actions (GITHUB_ACTIONS=true) each failure is also an ::error annotation.
Exit codes: 0 all pass, 1 any fails, 2 usage error.`;function X(t,{interrupt:o}){let i=t.command("check").description("check that videos are faststart (moov before mdat), and optionally what a preset produces").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(i,de,{preset:{description:"also check codec, profile, level, size, fps and audio against a preset",noDefault:!0},json:{description:"print the results as JSON instead of lines"},breakHardlinks:{description:"with --fix: also rewrite files that have other hard links (those names keep the old version)"}}),i.addHelpText("after",me).action(async(n,e)=>{let s=performance.now(),{check:a}=await import("./check-HYXB3X3B.mjs"),l=process.env.GITHUB_ACTIONS==="true",r=[],m=0,p=0,u=()=>{r.length>0&&process.stdout.write(`${r.join(`
`)}
`),r.length=0},c=await a(n,{preset:e.preset,collect:!!(e.json||e.junit),fix:e.fix??!1,breakHardlinks:e.breakHardlinks??!1,signal:o.signal,reportFiles:e.junit?[e.junit]:[],onFile:h=>{++m===512&&k(),!e.json&&(!e.quiet||!h.passed)&&r.push(W(h)),l&&!e.json&&!h.passed&&++p<=N&&r.push(Q(h)),r.length>=256&&u()}});p>N&&r.push(`::notice title=streamprep check::${p-N} more failure(s) not annotated (GitHub shows 10 per step); all are listed above`),u();let d=(performance.now()-s)/1e3;if(!o.signal.aborted){if(e.junit){let{writeFileAtomic:h}=await import("./temp-output-5HA3LNAI.mjs");await h(e.junit,V(c,d))}e.json?process.stdout.write(`${JSON.stringify({schemaVersion:1,...c},null,2)}
`):(!e.quiet||c.failed>0)&&process.stdout.write(`${K(c)}
`),process.exitCode=c.failed>0?1:0}})}var le=["ffmpeg","ffprobe","json"];function Y(t,o){let i=t.command("doctor").description("show which ffmpeg and ffprobe are used, their versions, and whether libx264 and aac are available");w(i,le,{json:{description:"print the findings as JSON"}}),i.addHelpText("after",`
Binaries are looked for in this order: --ffmpeg/--ffprobe, FFMPEG_PATH/FFPROBE_PATH,
ffmpeg-static, @ffmpeg-installer/ffmpeg (for ffprobe: @ffprobe-installer/ffprobe), then PATH.
Exit code 0 when everything needed is there, 2 otherwise.`).action(async n=>{let{diagnose:e}=await import("./doctor-HA46ERJG.mjs"),s=await e({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe});if(n.json){let a={...s,ffmpeg:"error"in s.ffmpeg?s.ffmpeg:{...s.ffmpeg,encoders:void 0}};process.stdout.write(`${JSON.stringify(a,null,2)}
`)}else{let a=[];for(let l of[s.ffmpeg,s.ffprobe])"error"in l?a.push(`\u2717 ${f(l.error)}`):a.push(f(`\u2713 ${l.tool.padEnd(8)} ${l.version}  ${l.path}  (from ${l.source})`));for(let[l,r]of Object.entries(s.encoders))a.push(`${r?"\u2713":"\u2717"} encoder  ${l}${r?"":" missing"}`);a.push(s.ok?"ready":"not ready: see the \u2717 lines above"),process.stdout.write(`${a.join(`
`)}
`)}process.exitCode=s.ok?0:2})}var ue=["output","inPlace","force","fsync","breakHardlinks"];function fe(t,o=process.cwd()){let i=s=>f(g(o,s)),n=i(t.input),e=f(t.reason??"");switch(t.status){case"moved":{let s=t.target?` (symlink: rewrote ${i(t.target)})`:"";return`moved      ${n} \u2192 ${t.output?i(t.output):""}${s}  ${B(t.bytes)} in ${U(t.seconds)}${t.convertedToCo64?"  (stco \u2192 co64: offsets pass 4 GiB)":""}`}case"unchanged":return`unchanged  ${n}: ${e}`;case"skipped":return`skipped    ${n}: ${e}`;case"failed":return`failed     ${n}: ${e}`}}function Z(t,{interrupt:o}){let i=t.command("faststart").description("move moov in front of the media without re-encoding (no ffmpeg), verified before it replaces anything").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(i,ue,{output:{description:"write the results here, keeping relative paths and extensions"},breakHardlinks:{description:"with --in-place: also replace files that have other hard links (those names keep the old version)"},force:{description:"with -o: replace outputs that already exist (default: skip them, as optimize does)"}}),i.addHelpText("after",`
Examples:
  $ streamprep faststart recordings/ -o web/
  $ streamprep faststart clip.mov --in-place

Every chunk offset (stco/co64) is shifted by the size moov adds in front; stco becomes co64 when an
offset would pass 4 GiB. Files already faststart or fragmented are left alone (nothing written).
Files whose other absolute offsets would break (cmov, iloc, saio) are refused with a reason.
--in-place keeps owner, group (where permitted), mode and timestamps; a symlink stays a link and the
file it points to is rewritten; a file with other hard links is refused unless --break-hardlinks.
With -o, an output that exists is skipped unless -f (as optimize does), and one that appears while a
file is written is never replaced.
Exit codes: 0 every file moved, already faststart or skipped, 1 some file failed, 2 usage error.`).action(async(n,e)=>{let{faststart:s}=await import("./faststart-D2ZFE3H2.mjs"),a=await s(n,{output:e.output,inPlace:e.inPlace,flush:e.fsync??!0,breakHardlinks:e.breakHardlinks??!1,force:e.force??!1,signal:o.signal,onFile:l=>process.stdout.write(`${fe(l)}
`)});process.stdout.write(`${a.files.length} file(s): ${a.moved} moved, ${a.unchanged} unchanged, ${a.skipped} skipped, ${a.failed} failed
`),process.exitCode=a.failed>0?1:0})}function ee(t,o){let i=t.command("inspect").description("show a file's boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes").argument("<files...>");w(i,["json"],{json:{description:"print the inspection as JSON"}}),i.addHelpText("after",`
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json
  $ streamprep inspect out/*.mp4                 one after another; --json gives an array

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when every file is faststart, 1 otherwise (a file that cannot be read is named on stderr).`).action(async(n,e)=>{let{inspectFile:s}=await import("./inspect-file-WTPXEK2M.mjs"),{formatInspection:a,inspectionJson:l}=await import("./format-inspection-6SOSYEML.mjs"),{escapeTerminal:r}=await import("./escape-3PVGITZG.mjs");if(n.length===1){let[u]=n,c=await s(u).catch(d=>{throw new H(u,E(d))});process.stdout.write(e.json?`${JSON.stringify(l(u,c),null,2)}
`:`${a(u,c)}
`),process.exitCode=c.layout.verdict==="faststart"?0:1;return}let m=!0,p=[];for(let[u,c]of n.entries()){let d=await s(c).catch(h=>h);if(d instanceof Error){m=!1,process.stderr.write(`${r(`unreadable  ${c}: ${E(d)}`)}
`);continue}m&&=d.layout.verdict==="faststart",e.json?p.push(l(c,d)):process.stdout.write(`${u>0?`
`:""}${a(c,d)}
`)}e.json&&process.stdout.write(`${JSON.stringify(p,null,2)}
`),process.exitCode=m?0:1})}function te(t,o){t.command("presets").description("list the built-in presets").addHelpText("after",`
Examples:
  $ streamprep presets
  $ streamprep presets show web                 (extends streaming: resolved, with where each value comes from)
  $ streamprep presets show ./my-preset.json   (validates it too)

A preset file may start from another: {"extends": "streaming", "video": {"crf": 30}} \u2014 unspecified keys
come from the parent (a built-in name, or a file relative to this one).`).action(async()=>{let{listPresetNames:n,loadPreset:e}=await import("./load-YZVX2HHF.mjs");for(let s of await n()){let a=await e(s);process.stdout.write(`${f(`${s.padEnd(14)}${a.description}`)}
`)}}).command("show").description('print a preset resolved (its "extends" chain merged) and where each value comes from; a .json file is validated').argument("<name|file.json>").action(async n=>{let{loadPresetSources:e}=await import("./load-YZVX2HHF.mjs"),{preset:s,sources:a}=await e(n);if(process.stdout.write(`${JSON.stringify(s,null,2)}
`),new Set(a.values()).size>1){let r=[...a.keys()].filter(p=>p!=="extends").sort(),m=Math.max(...r.map(p=>p.length));process.stdout.write(`
where each value comes from:
${r.map(p=>f(`  ${p.padEnd(m)}  ${a.get(p)}`)).join(`
`)}
`)}})}function x(t){let o=t??process.env.REDIS_URL;if(!o)throw new y("no Redis: pass --redis redis://host:6379 (or set REDIS_URL)",2);if(!/^rediss?:\/\//.test(o))throw new y("--redis must be a redis:// or rediss:// URL",2);return o}var he=["redis","queueName","concurrency","threads","roots","presetDirs","lockDuration","ffmpeg","ffprobe"],we=["output","redis","queueName","preset","presetDirs","force","wait","report","progress"],be=["redis","queueName","json"];function re(t,{interrupt:o}){let i=t.command("worker").description("optimize jobs from a Redis queue (BullMQ), with the same scheduler as optimize; runs until stopped");w(i,he,{concurrency:{description:"jobs encoded at once by this worker (default: the number of CPUs, threads shared as optimize shares them)"}}),i.addHelpText("after",`
Examples:
  $ streamprep worker --redis redis://queue.internal:6379 --root /srv/media
  $ streamprep worker --redis rediss://:secret@queue.internal:6380 -j 2 --root /mnt/shared

Jobs carry paths: every worker must see inputs and outputs at the same paths (shared storage), and
refuses jobs outside its --root folders; jobs name built-in presets or <name>.json files in its
--preset-dir folders, nothing else. Bad input fails at once; transient failures are retried.
SIGTERM or Ctrl-C: running jobs are finished, then exit 143/130 (a second signal stops at once; the
queue hands those jobs to another worker after --lock-duration).`).action(async r=>{let{createWorker:m}=await import("./entry-LOM3KXIZ.mjs"),{redactUrl:p}=await import("./job-QD37LR5F.mjs"),u=x(r.redis),c=await m({redis:u,queue:r.queueName,concurrency:r.concurrency,threads:r.threads,roots:r.roots,presetDirs:r.presetDirs,lockDurationMs:r.lockDuration,stalledIntervalMs:Math.max(1e3,Math.floor((r.lockDuration??6e4)/2)),ffmpegPath:r.ffmpeg,ffprobePath:r.ffprobe,onEvent:d=>{d.type==="ready"&&process.stderr.write(`${f(`worker on ${p(u)} queue ${d.queue}, ${d.concurrency} at a time, roots ${d.roots.join(", ")}`)}
`),d.type==="done"&&process.stdout.write(`${j(d.report)}
`),d.type==="failed"&&process.stdout.write(`${f(`failed   ${d.input??"(no input)"} (job ${d.id}): ${d.reason}${d.willRetry?" (will retry)":""}`)}
`),d.type==="redis"&&process.stderr.write(`${f(d.message)}
`)}});await o.stopped(),await c.close()});let n=t.command("enqueue").description("add one optimize job per input to a Redis queue (BullMQ) for workers; --wait follows them").argument("<inputs...>","video files, folders or globs (on storage the workers share, at the same paths)");w(n,we,{output:{required:!0},preset:{description:"a preset name the workers know: built-in, or <name>.json in --preset-dir"}}),n.addHelpText("after",`
Examples:
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis redis://queue.internal:6379
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis "$REDIS_URL" --wait --report report.json

Each job's id is derived from the input (device, inode, size, mtime), the output, the preset's content
and -f: enqueuing the same batch twice adds nothing; a completed job whose output is gone, or any
finished job with -f, runs again. --report is checked before anything is queued. Exit codes with --wait
as optimize's (Ctrl-C: 130, the jobs stay queued); 2 when Redis cannot be reached.`).action(async(r,m)=>{let{enqueue:p}=await import("./entry-LOM3KXIZ.mjs"),u=J(process.stderr,(m.progress??!0)&&(m.wait??!1)),c=await p(r,{output:m.output,redis:x(m.redis),queue:m.queueName,preset:m.preset,presetDirs:m.presetDirs,force:m.force??!1,wait:m.wait??!1,signal:o.signal,reportFiles:m.report?[m.report]:[],onFile:h=>u.fileDone(h),onOutage:h=>process.stderr.write(`${f(h??"Redis is back")}
`),onNoWorker:h=>process.stderr.write(`${f(`no worker is connected to queue ${h}: the jobs wait until one starts (streamprep worker --redis \u2026 --queue ${h})`)}
`),onQueued:({added:h,existing:b})=>process.stderr.write(`${h} job(s) added, ${b} already queued${m.wait?"; waiting for the workers":""}
`)});if(u.stop(),c.unfinished){process.stderr.write(`stopped waiting: ${c.unfinished} job(s) stay queued and workers will still run them (streamprep queue status shows them)
`);return}if(!c.report)return;process.exitCode=c.report.totals.failed>0?1:0;let{emitReport:d}=await import("./optimize-command-65N2XJKT.mjs");await d(c.report,{report:m.report})});let e=t.command("queue").description("look at a Redis queue of optimize jobs: status, retry, clean"),s=e.command("status").description("connected workers and what they encode; waiting, active, completed and failed jobs, and why the failed ones failed");w(s,be,{json:{description:"print the status as JSON"}}),s.action(async r=>{let{queueStatus:m}=await import("./entry-LOM3KXIZ.mjs"),p=await m(x(r.redis),r.queueName);if(r.json){process.stdout.write(`${JSON.stringify(p,null,2)}
`);return}let{counts:u}=p;process.stdout.write(`queue ${p.queue}: ${u.waiting} waiting, ${u.active} active, ${u.delayed} delayed, ${u.completed} completed, ${u.failed} failed
`),process.stdout.write(p.workers.length===0?`no worker is connected (streamprep worker --redis \u2026 --queue ${p.queue})
`:`${p.workers.length} worker(s) connected:
`);for(let c of p.workers)process.stdout.write(`${f(`worker   ${c.host} pid ${c.pid}, ${c.concurrency} at once${c.files.length?`: ${c.files.join(", ")}`:", idle"}`)}
`);for(let c of p.failed)process.stdout.write(`${f(`failed   ${c.input}: ${c.reason} (${c.attempts} attempt(s))`)}
`)});let a=e.command("retry").description("put every failed job back in the queue (after fixing what made it fail)");w(a,["redis","queueName"]),a.action(async r=>{let{retryFailed:m}=await import("./entry-LOM3KXIZ.mjs"),p=await m(x(r.redis),r.queueName);process.stdout.write(`${p} failed job(s) queued again
`)});let l=e.command("clean").description("remove finished jobs (failed, completed or both) older than --age").option("--failed","remove failed jobs").option("--completed","remove completed jobs").option("--age <s>","only jobs that finished at least this long ago, seconds","0");w(l,["redis","queueName"]),l.addHelpText("after",`
Examples:
  $ streamprep queue clean --completed --age 86400 --redis "$REDIS_URL"   completed jobs older than a day
  $ streamprep queue clean --failed --completed --redis "$REDIS_URL"`),l.action(async r=>{let m=[...r.failed?["failed"]:[],...r.completed?["completed"]:[]];if(m.length===0)throw new y("queue clean: say what to remove: --failed, --completed or both",2);let p=Number(r.age);if(!Number.isFinite(p)||p<0)throw new y(`--age must be a number of seconds \u2265 0 (got ${r.age})`,2);let{cleanJobs:u}=await import("./entry-LOM3KXIZ.mjs"),c=await u(x(r.redis),r.queueName??"streamprep",m,p*1e3);process.stdout.write(`${m.map(d=>`${c[d]??0} ${d}`).join(", ")} job(s) removed
`)})}var $e=["port","host","throttle","latency"];function oe(t,{interrupt:o}){let i=t.command("serve").description("serve a folder to browsers as a CDN would (Range, ETag, HEAD), with an index page and optional slow-link emulation").argument("<folder>","the folder to serve (nothing outside it is reachable)");w(i,$e),i.addHelpText("after",`
Examples:
  $ streamprep serve out/                              http://127.0.0.1:8080/ lists and plays every video
  $ streamprep serve out/ --throttle 1500 --latency 150  as over a 1.5 Mbit/s link with 150 ms per request
  $ streamprep serve out/ --host 0.0.0.0 --port 9000   reachable from other machines (think twice)

The index page shows each video's faststart verdict and startup bytes, and plays each conversation
(<name>.hls/playlist.m3u8, from optimize --conversation or watch --conversations) through
streamprep/player, following a live playlist as it grows. Playlists may be requested with _HLS_msn=N
(LL-HLS blocking reload: the answer comes when segment N is published). Cache-Control: playlists
no-store; conversation chunks and .m4s immutable (a CDN may keep them forever); other files no-cache. Paths are confined to the folder:
"..", percent-encoded traversal, NUL bytes, dotfiles and symlinks leading out are refused (400/403/404).
Stops on Ctrl-C (exit 130).`).action(async(n,e)=>{let{stat:s}=await import("node:fs/promises"),{StreamprepError:a}=await import("./errors-KGSEGRHI.mjs");if(!(await s(n).catch(()=>{}))?.isDirectory())throw new a(`${n}: not a folder`,2);let{startFolderServer:l}=await import("./folder-server-PU76IFCR.mjs"),m=(await import("node:path")).resolve(n),p=await l({root:m,host:e.host,port:e.port,throttleKbps:e.throttle,latencyMs:e.latency}).catch(c=>{throw new a(`cannot listen on ${e.host??"127.0.0.1"}:${e.port??0}: ${c.code??c.message}`,2)}),u=[e.throttle?`${e.throttle} kbit/s`:"",e.latency?`+${e.latency} ms per request`:""].filter(Boolean).join(" ");process.stderr.write(`${f(`serving ${m} at ${p.url}${u?` (${u})`:""}`)} \u2014 Ctrl-C stops
`),await o.stopped(),await p.close()})}var ye=["output","preset","concurrency","threads","force","reencode","settle","rescan","poll","once","doneDir","conversations","gapTimeout","drain","json","ffmpeg","ffprobe"],ge=`
Examples:
  $ streamprep watch inbox/ -o out/                 optimize each chunk as soon as it is complete
  $ streamprep watch inbox/ -o out/ --json          NDJSON events on stdout, for a backend to forward
  $ streamprep watch inbox/ -o out/ --done-dir done/ move originals away once their output is verified
  $ streamprep watch /mnt/share/in -o out/ --poll   a network mount without file events
  $ streamprep watch inbox/ -o out/ --once          what is there now, then exit
  $ streamprep watch inbox/ -o out/ --conversations inbox/talk/chunk-1.mp4 \u2026 \u2192 out/talk.hls/playlist.m3u8

When a file is complete: a file renamed into the folder (the atomic writer's way) is taken at once;
names such as *.part, *.tmp, *.crdownload and dotfiles are ignored until renamed. An MP4/MOV written
in place is taken once its boxes account for the whole file with moov and mdat (no size-0 placeholder)
and it has stayed unchanged for --settle ms; a fragmented MP4 without its closing mfra once unchanged
for 1.5 s. Other formats (no end marker): once unchanged for 250 ms or twice the longest pause seen
while the file grew (at most 10 s). Files under 8 bytes are not judged. Files already there go first,
oldest first; then new ones in order of arrival. Subfolders are not watched (except with --conversations). Two files that would
share an output (a.mp4 and a.mov) fail with cause collision. A file changed while it was encoded is
encoded again once it settles; --done-dir moves only the very file (identity, size, mtime) that was
encoded. Restarts skip outputs that exist (verified when written) and remove stale temporary files.
With --conversations each subfolder of a watched folder is one conversation: its chunks are encoded
as they complete and put, in the order of the number in their names (chunk-9 before chunk-10; an early
one waits up to --gap-timeout for its predecessor), on one timeline: <output>/<subfolder>/<chunk>.mp4
(progressive) and <output>/<subfolder>.hls/ (CMAF chunks and playlist.m3u8, a live EVENT playlist).
A file named .end in the subfolder (after its last chunk), or stopping watch, ends the conversation.
--json events: watching, queued, started, done (with the report optimize --report writes per file),
failed and skipped (with cause and reason), moved, stale (incomplete and unchanged for 60 s), warning,
published (a chunk on its conversation's timeline: file, startSec, durationSec), left-out,
conversation-ended, stopped (last).
Exit codes: 130 after Ctrl-C, 143 after SIGTERM; with --once as optimize (0, 1, 2).`;function se(t,{interrupt:o}){let i=t.command("watch").description("optimize each chunk written into folders as soon as it is complete (a long-running process)").argument("<folders...>","folders to watch (their subfolders only with --conversations)");w(i,ye,{output:{required:!0},json:{description:"print NDJSON events on stdout instead of lines"}}),i.addHelpText("after",ge).action(async(n,e)=>{await k();let{watch:s}=await import("./watch-4ZVWWYPT.mjs"),a=r=>{if(e.json){process.stdout.write(`${JSON.stringify({time:new Date().toISOString(),...r})}
`);return}r.type==="done"||r.type==="failed"||r.type==="skipped"?process.stdout.write(`${j(r.report)}
`):r.type==="warning"||r.type==="stale"?process.stderr.write(`warning: ${f(r.message)}
`):r.type==="published"?process.stdout.write(`${f(`published  ${r.conversation} #${r.chunk.index+1} at ${r.chunk.startSec.toFixed(3)} s (+${r.chunk.durationSec.toFixed(3)} s) \u2192 ${r.chunk.file}`)}
`):r.type==="left-out"?process.stderr.write(`${f(`left out of ${r.conversation}: ${r.input}: ${r.reason}`)}
`):r.type==="conversation-ended"?process.stdout.write(`${f(`ended      ${r.conversation}: ${r.chunks} chunk(s) \u2192 ${r.playlist}`)}
`):r.type==="watching"&&process.stderr.write(`${f(`watching ${r.folders.join(", ")} \u2192 ${r.output}`)}${r.staleRemoved?` (${r.staleRemoved} stale temporary file(s) removed)`:""}
`)},l=await s(n,{output:e.output,...D(e),settleMs:e.settle,rescanMs:e.rescan===void 0?void 0:e.rescan*1e3,poll:e.poll??!1,once:e.once??!1,doneDir:e.doneDir,conversations:e.conversations??!1,gapTimeoutMs:(e.gapTimeout??30)*1e3,drain:e.drain??!1,signal:o.signal,onEvent:a});process.exitCode=l.failed>0?1:0})}function ke(t){let o=new M("streamprep").description("Prepare short video chunks for streaming: a faststart H.264/AAC preset applied in parallel, verified, with size and encode-time reports.").version(A()).option("--verbose","show stack traces of unexpected errors").exitOverride().showHelpAfterError("(run with --help for usage)").addHelpText("after",`
Examples:
  $ streamprep optimize chunks/ -o out/        optimize every video under chunks/
  $ streamprep watch inbox/ -o out/ --json     optimize each chunk as soon as it is complete
  $ streamprep check out/ --preset streaming   fail (exit 1) unless every file is faststart and conforms
  $ streamprep inspect out/clip.mp4            boxes, tracks and startup bytes of one file
  $ streamprep faststart renders/ --in-place   moov to the front, no re-encode
  $ streamprep bench chunks/ -j 1,2 --quality  encode time, RTF, sizes, SSIM/PSNR per preset
  $ streamprep serve out/ --throttle 1500      play the outputs in a browser over a slow link
  $ streamprep enqueue in/ -o out/ --redis redis://host:6379 --wait   hand the batch to workers
  $ streamprep presets show streaming          the recipe the streaming preset applies
  $ streamprep doctor                          which ffmpeg is used, and can it encode?`);_(o,t),se(o,t),X(o,t),ee(o,t),Z(o,t),L(o,t),oe(o,t),re(o,t),te(o,t),Y(o,t),o.enablePositionalOptions();let i=n=>[n,...n.commands.flatMap(i)];for(let n of i(o).slice(1))n.exitOverride(),n.addOption(new P("--verbose","show stack traces of unexpected errors").hideHelp());return o}async function xt(t){let o=G(()=>process.stderr.write(`
interrupted: stopping and removing temporary files\u2026
`));process.on("exit",z);let i=ke({interrupt:o});try{await i.parseAsync(t)}catch(e){process.exitCode=ve(e,i.opts().verbose??t.includes("--verbose"))}finally{o.dispose()}let n=o.exitCode();n!==void 0&&(process.exitCode=n)}function ve(t,o){if(t instanceof O)return t.exitCode===0?0:2;if(t instanceof I)return t.exitCode;if(t instanceof y)return process.stderr.write(`streamprep: ${f(t.message)}
`),o&&t.stack&&process.stderr.write(`${t.stack}
`),t.exitCode;let i=t instanceof Error?o?t.stack??t.message:t.message:String(t);return process.stderr.write(`streamprep: unexpected error: ${f(i)}
`),1}export{ke as buildProgram,xt as main};
