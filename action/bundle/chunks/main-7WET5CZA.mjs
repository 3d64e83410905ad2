import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as A,b as O,c as P,d as w,e as D,f as j,g as q,h as U,i as k,j as W}from"./chunk-73AD4WNH.mjs";import{a as y}from"./chunk-UP5EAU2U.mjs";import{a as _,b as B}from"./chunk-2VJZ7JJI.mjs";import"./chunk-ZPZNTFET.mjs";import{c as z}from"./chunk-6YACCJDN.mjs";import{a as u,c as N,d as T,e as E}from"./chunk-3UIDKWCN.mjs";import{a as M}from"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import{a as $,e as H,f as I,h as S}from"./chunk-5A7H2GX2.mjs";import"./chunk-6MKJCL72.mjs";var ne=["presets","runs","levels","quality","jsonFile","html","progress","ffmpeg","ffprobe"];function J(t,r){let{interrupt:p}=r,i=t.command("bench").description("measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels").argument("<inputs...>","video files, folders or globs");w(i,ne,{progress:{description:"no progress bar or per-run lines"}}),i.enablePositionalOptions(),pe(i,r),i.addHelpText("after",`
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR
  $ streamprep bench chunks/ -j 1,2 --html bench.html     charts: throughput per preset and concurrency, size against quality

Outputs go to a temporary folder that is removed afterwards. RTF = encode time \xF7 media duration.`).action(async(e,o)=>{await k();let{bench:n}=await import("./run-bench-AEVRTUSO.mjs"),{formatBench:m}=await import("./format-bench-XVUX762I.mjs"),s=o.progress!==!1&&process.stderr.isTTY===!0,l=performance.now(),{checkReportTarget:c}=await import("./report-target-NKDDHZTA.mjs");for(let[a,h]of[["--json",o.jsonFile],["--html",o.html]])h&&await c(h,void 0,`${a} ${h}`);let f=await n(e,{presets:o.presets,runs:o.runs??3,concurrency:o.levels,quality:o.quality??!1,ffmpegPath:o.ffmpeg,ffprobePath:o.ffprobe,signal:p.signal,onBatch:a=>{if(o.progress===!1)return;let h=`${a.preset} \xD7${a.concurrency} ${a.warmUp?"warm-up":`run ${a.run}`}: ${a.wallSec.toFixed(2)} s`;s?process.stderr.write(`\r\x1B[2K${q(a.done,a.total,(performance.now()-l)/1e3)}  ${h}`):process.stderr.write(`${h}
`)}});if(s&&process.stderr.write("\r\x1B[2K"),p.signal.aborted)return;let{writeFileAtomic:d}=await import("./temp-output-5HA3LNAI.mjs");if(o.jsonFile&&await d(o.jsonFile,`${JSON.stringify(f,null,2)}
`),o.html){let{formatBenchHtml:a}=await import("./format-bench-XVUX762I.mjs");await d(o.html,a(f))}process.stdout.write(`${m(f)}
`)})}var ae=["preset","runs","queue","full","jsonFile","html","progress","ffmpeg","ffprobe"];function pe(t,{interrupt:r}){let p=t.command("browser").description("time to first frame, stalls, bytes and requests in headless Chromium over slow links: each input against its optimized output, or (--queue) a conversation played four ways").argument("[inputs...]","video files, folders or globs (with --queue: the chunks of one conversation, in name order; default: 12 stand-ins like a generator's)");w(p,ae,{preset:{description:"the preset the optimized outputs are made with"},runs:{description:"measurements per file, variant and link (medians are reported)"},queue:{description:"play the inputs as one conversation, back to back: raw and optimized chunks in a two-element queue, streamprep/player, hls.js on the live playlist; all chunks ready, and at generator pace"}}),p.addHelpText("after",`
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
apt-get install chromium-headless-shell (or set STREAMPREP_CHROMIUM); exit 2 when there is none.`).action(async(i,e)=>{let{checkReportTarget:o}=await import("./report-target-NKDDHZTA.mjs");for(let[b,g]of[["--json",e.jsonFile],["--html",e.html]])g&&await o(g,void 0,`${b} ${g}`);let{UsageError:n}=await import("./errors-KGSEGRHI.mjs");if(!e.queue&&i.length===0)throw new n("bench browser needs inputs (or --queue, which makes stand-in chunks)");let m=e.progress!==!1&&process.stderr.isTTY===!0,s=performance.now(),l=(b,g,C)=>{e.progress!==!1&&(m?process.stderr.write(`\r\x1B[2K${q(b,g,(performance.now()-s)/1e3)}  ${C}`):process.stderr.write(`${C}
`))},{writeFileAtomic:c}=await import("./temp-output-5HA3LNAI.mjs");if(e.queue){let{benchConversationCommand:b}=await import("./conversation-command-55635HHV.mjs"),{text:g,json:C,html:ie}=await b(i,{preset:e.preset,runs:e.runs??3,ffmpeg:e.ffmpeg,ffprobe:e.ffprobe,signal:r.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await c(e.jsonFile,C),e.html&&await c(e.html,ie),process.stdout.write(`${g}
`);return}let{benchBrowser:f}=await import("./bench-browser-HM5XJKK6.mjs"),{formatBrowserBench:d,formatBrowserHtml:a}=await import("./format-browser-WROZEINY.mjs"),h=await f(i,{preset:e.preset,runs:e.runs??3,full:e.full??!1,ffmpegPath:e.ffmpeg,ffprobePath:e.ffprobe,signal:r.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await c(e.jsonFile,`${JSON.stringify(h,null,2)}
`),e.html&&await c(e.html,a(h)),process.stdout.write(`${d(h)}
`)})}var ce={SIGHUP:129,SIGINT:130,SIGTERM:143};function L(t){let r=new AbortController,p=[],i,e=Object.entries(ce).map(([o,n])=>{let m=()=>{i!==void 0&&process.exit(i),i=n;for(let s of p)s();t?.(),r.abort()};return process.on(o,m),[o,m]});return{signal:r.signal,exitCode:()=>i,onInterrupt:o=>{p.push(o)},stopped:()=>new Promise(o=>{r.signal.aborted?o():r.signal.addEventListener("abort",()=>o(),{once:!0})}),dispose(){for(let[o,n]of e)process.off(o,n)}}}function F(t){let r=t.verdict==="faststart"?`faststart (${t.reason})`:`${t.verdict}: ${t.reason}`;return t.violations.length>0?`${r}; preset: ${t.violations.join("; ")}`:r}var G=(t,r=process.cwd())=>`${t.passed?t.fixed?"FIXED":"PASS":"FAIL"}  ${u(y(r,t.file))}  ${u(F(t))}`;function K(t){let r=t.skipped>0?`; ${t.skipped} skipped (hidden, or streamprep's temporary files)`:"";return`${t.checked} checked: ${t.passed} passed, ${t.failed} failed${r}`}function Q(t,r=process.cwd()){let p=`streamprep check: ${t.verdict}`;return`::error file=${E(y(r,t.file))},title=${E(p)}::${T(F(t))}`}var v=N;function V(t,r,p=process.cwd()){let i=t.preset?`streamprep check (preset ${t.preset})`:"streamprep check",e=t.files.map(n=>{let m=`    <testcase classname="streamprep.check" name="${v(y(p,n.file))}"`;if(n.passed)return`${m}/>`;let s=F(n);return`${m}>
      <failure type="${v(n.verdict)}" message="${v(s)}">${v(s)}</failure>
    </testcase>`}),o=`tests="${t.checked}" failures="${t.failed}" errors="0" time="${r.toFixed(3)}"`;return['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="${v(i)}" ${o}>`,`  <testsuite name="${v(i)}" ${o}>`,...e,"  </testsuite>","</testsuites>",""].join(`
`)}var de=["preset","json","junit","quiet","fix","breakHardlinks"],R=10,me=`
Examples:
  $ streamprep check out/                        every MP4/MOV under out/: is moov before mdat?
  $ streamprep check out/ --preset streaming     \u2026and is each what the streaming preset produces?
  $ streamprep check 'dist/**/*.mp4' --junit check.xml --quiet
  $ streamprep check public/ --fix                 make them faststart where moving moov is all it takes

Verdicts: faststart (passes), moov-after-mdat, no-moov, truncated, malformed, not-mp4, unreadable
(missing, a FIFO or other non-regular file, permission denied). Hidden files and streamprep's own
temporary files found in folders are skipped and counted. --fix follows the rules of faststart --in-place.
Under GitHub Actions (GITHUB_ACTIONS=true) each failure is also an ::error annotation.
Exit codes: 0 all pass, 1 any fails, 2 usage error.`;function X(t,{interrupt:r}){let p=t.command("check").description("check that videos are faststart (moov before mdat), and optionally what a preset produces").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(p,de,{preset:{description:"also check codec, profile, level, size, fps and audio against a preset",noDefault:!0},json:{description:"print the results as JSON instead of lines"},breakHardlinks:{description:"with --fix: also rewrite files that have other hard links (those names keep the old version)"}}),p.addHelpText("after",me).action(async(i,e)=>{let o=performance.now(),{check:n}=await import("./check-6K6TADFA.mjs"),m=process.env.GITHUB_ACTIONS==="true",s=[],l=0,c=0,f=()=>{s.length>0&&process.stdout.write(`${s.join(`
`)}
`),s.length=0},d=await n(i,{preset:e.preset,collect:!!(e.json||e.junit),fix:e.fix??!1,breakHardlinks:e.breakHardlinks??!1,signal:r.signal,reportFiles:e.junit?[e.junit]:[],onFile:h=>{++l===512&&k(),!e.json&&(!e.quiet||!h.passed)&&s.push(G(h)),m&&!e.json&&!h.passed&&++c<=R&&s.push(Q(h)),s.length>=256&&f()}});c>R&&s.push(`::notice title=streamprep check::${c-R} more failure(s) not annotated (GitHub shows 10 per step); all are listed above`),f();let a=(performance.now()-o)/1e3;if(!r.signal.aborted){if(e.junit){let{writeFileAtomic:h}=await import("./temp-output-5HA3LNAI.mjs");await h(e.junit,V(d,a))}e.json?process.stdout.write(`${JSON.stringify({schemaVersion:1,...d},null,2)}
`):(!e.quiet||d.failed>0)&&process.stdout.write(`${K(d)}
`),process.exitCode=d.failed>0?1:0}})}var le=["ffmpeg","ffprobe","json"];function Y(t,r){let p=t.command("doctor").description("show which ffmpeg and ffprobe are used, their versions, and whether libx264 and aac are available");w(p,le,{json:{description:"print the findings as JSON"}}),p.addHelpText("after",`
A named ffmpeg is used as it is: --ffmpeg, else FFMPEG_PATH. Otherwise the newest capable one
(libx264, aac and zscale) among ffmpeg-static, the ffmpeg on PATH and the bundled
@ffmpeg-installer/ffmpeg (a build from 2018) is chosen \u2014 a maintained system ffmpeg gets the security
fixes of the years since \u2014 with the ffprobe beside it (else @ffprobe-installer/ffprobe); a warning when
the chosen build is more than 5 years old.
Exit code 0 when everything needed is there, 2 otherwise.`).action(async i=>{let{diagnose:e}=await import("./doctor-OI3LRHTT.mjs"),o=await e({ffmpeg:i.ffmpeg,ffprobe:i.ffprobe});if(i.json){let n={...o,ffmpeg:"error"in o.ffmpeg?o.ffmpeg:{...o.ffmpeg,encoders:void 0}};process.stdout.write(`${JSON.stringify(n,null,2)}
`)}else{let n=[];for(let m of[o.ffmpeg,o.ffprobe])"error"in m?n.push(`\u2717 ${u(m.error)}`):n.push(u(`\u2713 ${m.tool.padEnd(8)} ${m.version}  ${m.path}  (from ${m.source})`));if(!("error"in o.ffmpeg)&&o.ffmpeg.choice){n.push(u(`  chosen: ${o.ffmpeg.choice.why}`));for(let m of o.ffmpeg.choice.passedOver)n.push(u(`  not ${m.source} (${m.version}): ${m.why}`))}!("error"in o.ffmpeg)&&o.ffmpeg.warning&&n.push(`! ${u(o.ffmpeg.warning)}`);for(let[m,s]of Object.entries(o.encoders))n.push(`${s?"\u2713":"\u2717"} encoder  ${m}${s?"":" missing"}`);n.push(o.ok?"ready":"not ready: see the \u2717 lines above"),process.stdout.write(`${n.join(`
`)}
`)}process.exitCode=o.ok?0:2})}var ue=["output","inPlace","force","fsync","breakHardlinks"];function fe(t,r=process.cwd()){let p=o=>u(y(r,o)),i=p(t.input),e=u(t.reason??"");switch(t.status){case"moved":{let o=t.target?` (symlink: rewrote ${p(t.target)})`:"";return`moved      ${i} \u2192 ${t.output?p(t.output):""}${o}  ${_(t.bytes)} in ${B(t.seconds)}${t.convertedToCo64?"  (stco \u2192 co64: offsets pass 4 GiB)":""}`}case"unchanged":return`unchanged  ${i}: ${e}`;case"skipped":return`skipped    ${i}: ${e}`;case"failed":return`failed     ${i}: ${e}`}}function Z(t,{interrupt:r}){let p=t.command("faststart").description("move moov in front of the media without re-encoding (no ffmpeg), verified before it replaces anything").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(p,ue,{output:{description:"write the results here, keeping relative paths and extensions"},breakHardlinks:{description:"with --in-place: also replace files that have other hard links (those names keep the old version)"},force:{description:"with -o: replace outputs that already exist (default: skip them, as optimize does)"}}),p.addHelpText("after",`
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
Exit codes: 0 every file moved, already faststart or skipped, 1 some file failed, 2 usage error.`).action(async(i,e)=>{let{faststart:o}=await import("./faststart-Z7CUALON.mjs"),n=await o(i,{output:e.output,inPlace:e.inPlace,flush:e.fsync??!0,breakHardlinks:e.breakHardlinks??!1,force:e.force??!1,signal:r.signal,onFile:m=>process.stdout.write(`${fe(m)}
`)});process.stdout.write(`${n.files.length} file(s): ${n.moved} moved, ${n.unchanged} unchanged, ${n.skipped} skipped, ${n.failed} failed
`),process.exitCode=n.failed>0?1:0})}function ee(t,r){let p=t.command("inspect").description("show a file's boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes").argument("<files...>");w(p,["json"],{json:{description:"print the inspection as JSON"}}),p.addHelpText("after",`
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json
  $ streamprep inspect out/*.mp4                 one after another; --json gives an array

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when every file is faststart, 1 otherwise (a file that cannot be read is named on stderr).`).action(async(i,e)=>{let{inspectFile:o}=await import("./inspect-file-J5GYNDYP.mjs"),{formatInspection:n,inspectionJson:m}=await import("./format-inspection-6SOSYEML.mjs"),{escapeTerminal:s}=await import("./escape-3PVGITZG.mjs");if(i.length===1){let[f]=i,d=await o(f).catch(a=>{throw new H(f,S(a))});process.stdout.write(e.json?`${JSON.stringify(m(f,d),null,2)}
`:`${n(f,d)}
`),process.exitCode=d.layout.verdict==="faststart"?0:1;return}let l=!0,c=[];for(let[f,d]of i.entries()){let a=await o(d).catch(h=>h);if(a instanceof Error){l=!1,process.stderr.write(`${s(`unreadable  ${d}: ${S(a)}`)}
`);continue}l&&=a.layout.verdict==="faststart",e.json?c.push(m(d,a)):process.stdout.write(`${f>0?`
`:""}${n(d,a)}
`)}e.json&&process.stdout.write(`${JSON.stringify(c,null,2)}
`),process.exitCode=l?0:1})}function te(t,r){t.command("presets").description("list the built-in presets").addHelpText("after",`
Examples:
  $ streamprep presets
  $ streamprep presets show web                 (extends streaming: resolved, with where each value comes from)
  $ streamprep presets show ./my-preset.json   (validates it too)

A preset file may start from another: {"extends": "streaming", "video": {"crf": 30}} \u2014 unspecified keys
come from the parent (a built-in name, or a file relative to this one).`).action(async()=>{let{listPresetNames:i,loadPreset:e}=await import("./load-YZVX2HHF.mjs");for(let o of await i()){let n=await e(o);process.stdout.write(`${u(`${o.padEnd(14)}${n.description}`)}
`)}}).command("show").description('print a preset resolved (its "extends" chain merged) and where each value comes from; a .json file is validated').argument("<name|file.json>").action(async i=>{let{loadPresetSources:e}=await import("./load-YZVX2HHF.mjs"),{preset:o,sources:n}=await e(i);if(process.stdout.write(`${JSON.stringify(o,null,2)}
`),new Set(n.values()).size>1){let s=[...n.keys()].filter(c=>c!=="extends").sort(),l=Math.max(...s.map(c=>c.length));process.stdout.write(`
where each value comes from:
${s.map(c=>u(`  ${c.padEnd(l)}  ${n.get(c)}`)).join(`
`)}
`)}})}function x(t){let r=t??process.env.REDIS_URL;if(!r)throw new $("no Redis: pass --redis redis://host:6379 (or set REDIS_URL)",2);if(!/^rediss?:\/\//.test(r))throw new $("--redis must be a redis:// or rediss:// URL",2);return r}var he=["redis","queueName","concurrency","threads","roots","presetDirs","lockDuration","ffmpeg","ffprobe"],we=["output","redis","queueName","preset","presetDirs","force","wait","report","progress"],be=["redis","queueName","json"];function se(t,{interrupt:r}){let p=t.command("worker").description("optimize jobs from a Redis queue (BullMQ), with the same scheduler as optimize; runs until stopped");w(p,he,{concurrency:{description:"jobs encoded at once by this worker (default: its share of the CPUs among the workers running on this machine, threads shared as optimize shares them)"}}),p.addHelpText("after",`
Examples:
  $ streamprep worker --redis redis://queue.internal:6379 --root /srv/media
  $ streamprep worker --redis rediss://:secret@queue.internal:6380 -j 2 --root /mnt/shared

Jobs carry paths: every worker must see inputs and outputs at the same paths (shared storage), and
refuses jobs outside its --root folders; jobs name built-in presets or <name>.json files in its
--preset-dir folders, nothing else. Without -j and --threads, workers on one machine share its cores:
each takes cores \xF7 workers jobs at once (at least one) and follows as workers start and stop. Bad input fails at once; transient failures are retried.
SIGTERM or Ctrl-C: running jobs are finished, then exit 143/130 (a second signal stops at once; the
queue hands those jobs to another worker after --lock-duration).`).action(async s=>{let{createWorker:l}=await import("./entry-PASC3QPX.mjs"),{redactUrl:c}=await import("./job-QD37LR5F.mjs"),f=x(s.redis),d=await l({redis:f,queue:s.queueName,concurrency:s.concurrency,threads:s.threads,roots:s.roots,presetDirs:s.presetDirs,lockDurationMs:s.lockDuration,stalledIntervalMs:Math.max(1e3,Math.floor((s.lockDuration??6e4)/2)),ffmpegPath:s.ffmpeg,ffprobePath:s.ffprobe,...process.env.STREAMPREP_WORKER_SHARE_DIR?{shareFolder:process.env.STREAMPREP_WORKER_SHARE_DIR}:{},onEvent:a=>{if(a.type==="ready"){let h=a.sharedWith&&a.sharedWith>1?` (sharing this machine's cores with ${a.sharedWith-1} other worker(s))`:"";process.stderr.write(`${u(`worker on ${c(f)} queue ${a.queue}, ${a.concurrency} at a time${h}, roots ${a.roots.join(", ")}`)}
`)}a.type==="share"&&process.stderr.write(`${a.workers} worker(s) on this machine: now ${a.concurrency} at a time
`),a.type==="done"&&process.stdout.write(`${j(a.report)}
`),a.type==="failed"&&process.stdout.write(`${u(`failed   ${a.input??"(no input)"} (job ${a.id}): ${a.reason}${a.willRetry?" (will retry)":""}`)}
`),a.type==="redis"&&process.stderr.write(`${u(a.message)}
`)}});await r.stopped(),await d.close()});let i=t.command("enqueue").description("add one optimize job per input to a Redis queue (BullMQ) for workers; --wait follows them").argument("<inputs...>","video files, folders or globs (on storage the workers share, at the same paths)");w(i,we,{output:{required:!0},preset:{description:"a preset name the workers know: built-in, or <name>.json in --preset-dir"}}),i.addHelpText("after",`
Examples:
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis redis://queue.internal:6379
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis "$REDIS_URL" --wait --report report.json

Each job's id is derived from the input (device, inode, size, mtime), the output, the preset's content
and -f: enqueuing the same batch twice adds nothing; a completed job whose output is gone, or any
finished job with -f, runs again. --report is checked before anything is queued. Exit codes with --wait
as optimize's (Ctrl-C: 130, the jobs stay queued); 2 when Redis cannot be reached.`).action(async(s,l)=>{let{enqueue:c}=await import("./entry-PASC3QPX.mjs"),f=U(process.stderr,(l.progress??!0)&&(l.wait??!1)),d=await c(s,{output:l.output,redis:x(l.redis),queue:l.queueName,preset:l.preset,presetDirs:l.presetDirs,force:l.force??!1,wait:l.wait??!1,signal:r.signal,reportFiles:l.report?[l.report]:[],onFile:h=>f.fileDone(h),onOutage:h=>process.stderr.write(`${u(h??"Redis is back")}
`),onNoWorker:h=>process.stderr.write(`${u(`no worker is connected to queue ${h}: the jobs wait until one starts (streamprep worker --redis \u2026 --queue ${h})`)}
`),onQueued:({added:h,existing:b})=>process.stderr.write(`${h} job(s) added, ${b} already queued${l.wait?"; waiting for the workers":""}
`)});if(f.stop(),d.unfinished){process.stderr.write(`stopped waiting: ${d.unfinished} job(s) stay queued and workers will still run them (streamprep queue status shows them)
`);return}if(!d.report)return;process.exitCode=d.report.totals.failed>0?1:0;let{emitReport:a}=await import("./optimize-command-FKTDCNGX.mjs");await a(d.report,{report:l.report})});let e=t.command("queue").description("look at a Redis queue of optimize jobs: status, retry, clean"),o=e.command("status").description("connected workers and what they encode; waiting, active, completed and failed jobs, and why the failed ones failed");w(o,be,{json:{description:"print the status as JSON"}}),o.action(async s=>{let{queueStatus:l}=await import("./entry-PASC3QPX.mjs"),c=await l(x(s.redis),s.queueName);if(s.json){process.stdout.write(`${JSON.stringify(c,null,2)}
`);return}let{counts:f}=c;process.stdout.write(`queue ${c.queue}: ${f.waiting} waiting, ${f.active} active, ${f.delayed} delayed, ${f.completed} completed, ${f.failed} failed
`),process.stdout.write(c.workers.length===0?`no worker is connected (streamprep worker --redis \u2026 --queue ${c.queue})
`:`${c.workers.length} worker(s) connected:
`);for(let d of c.workers)process.stdout.write(`${u(`worker   ${d.host} pid ${d.pid}, ${d.concurrency} at once${d.files.length?`: ${d.files.join(", ")}`:", idle"}`)}
`);for(let d of c.failed)process.stdout.write(`${u(`failed   ${d.input}: ${d.reason} (${d.attempts} attempt(s))`)}
`)});let n=e.command("retry").description("put every failed job back in the queue (after fixing what made it fail)");w(n,["redis","queueName"]),n.action(async s=>{let{retryFailed:l}=await import("./entry-PASC3QPX.mjs"),c=await l(x(s.redis),s.queueName);process.stdout.write(`${c} failed job(s) queued again
`)});let m=e.command("clean").description("remove finished jobs (failed, completed or both) older than --age").option("--failed","remove failed jobs").option("--completed","remove completed jobs").option("--age <s>","only jobs that finished at least this long ago, seconds","0");w(m,["redis","queueName"]),m.addHelpText("after",`
Examples:
  $ streamprep queue clean --completed --age 86400 --redis "$REDIS_URL"   completed jobs older than a day
  $ streamprep queue clean --failed --completed --redis "$REDIS_URL"`),m.action(async s=>{let l=[...s.failed?["failed"]:[],...s.completed?["completed"]:[]];if(l.length===0)throw new $("queue clean: say what to remove: --failed, --completed or both",2);let c=Number(s.age);if(!Number.isFinite(c)||c<0)throw new $(`--age must be a number of seconds \u2265 0 (got ${s.age})`,2);let{cleanJobs:f}=await import("./entry-PASC3QPX.mjs"),d=await f(x(s.redis),s.queueName??"streamprep",l,c*1e3);process.stdout.write(`${l.map(a=>`${d[a]??0} ${a}`).join(", ")} job(s) removed
`)})}var ge=["port","host","throttle","latency"];function oe(t,{interrupt:r}){let p=t.command("serve").description("serve a folder to browsers as a CDN would (Range, ETag, HEAD), with an index page and optional slow-link emulation").argument("<folder>","the folder to serve (nothing outside it is reachable)");w(p,ge),p.addHelpText("after",`
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
Stops on Ctrl-C (exit 130).`).action(async(i,e)=>{let{stat:o}=await import("node:fs/promises"),{StreamprepError:n}=await import("./errors-KGSEGRHI.mjs");if(!(await o(i).catch(()=>{}))?.isDirectory())throw new n(`${i}: not a folder`,2);let{startFolderServer:m}=await import("./folder-server-2DRGSRMN.mjs"),l=(await import("node:path")).resolve(i),c=await m({root:l,host:e.host,port:e.port,throttleKbps:e.throttle,latencyMs:e.latency}).catch(d=>{throw new n(`cannot listen on ${e.host??"127.0.0.1"}:${e.port??0}: ${d.code??d.message}`,2)}),f=[e.throttle?`${e.throttle} kbit/s`:"",e.latency?`+${e.latency} ms per request`:""].filter(Boolean).join(" ");process.stderr.write(`${u(`serving ${l} at ${c.url}${f?` (${f})`:""}`)} \u2014 Ctrl-C stops
`),await r.stopped(),await c.close()})}var $e=["output","preset","concurrency","threads","force","reencode","keepSmaller","settle","rescan","poll","once","doneDir","conversations","gapTimeout","follow","drain","json","ffmpeg","ffprobe"],ye=`
Examples:
  $ streamprep watch inbox/ -o out/                 optimize each chunk as soon as it is complete
  $ streamprep watch inbox/ -o out/ --json          NDJSON events on stdout, for a backend to forward
  $ streamprep watch inbox/ -o out/ --done-dir done/ move originals away once their output is verified
  $ streamprep watch /mnt/share/in -o out/ --poll   a network mount without file events
  $ streamprep watch inbox/ -o out/ --once          what is there now, then exit
  $ streamprep watch inbox/ -o out/ --conversations inbox/talk/chunk-1.mp4 \u2026 \u2192 out/talk.hls/playlist.m3u8
  $ ffmpeg \u2026 -f matroska -cluster_time_limit 200 -flush_packets 1 inbox/chunk-7.mkv
                                                    a generator writing in place: encoded as it writes

When a file is complete: a file renamed into the folder (the atomic writer's way) is taken at once;
names such as *.part, *.tmp, *.crdownload and dotfiles are ignored until renamed. An MP4/MOV written
in place is taken once its boxes account for the whole file with moov and mdat (no size-0 placeholder)
and it has stayed unchanged for --settle ms; a fragmented MP4 without its closing mfra once unchanged
for 1.5 s. Other formats (no end marker): once unchanged for 250 ms or twice the longest pause seen
while the file grew (at most 10 s); a Matroska/WebM file whose header names its size (a writer that
seeks back at its end, as ffmpeg does) once it reaches that size. A streamable file seen growing
(Matroska/WebM, MPEG-TS, Y4M, fragmented MP4) is encoded as it is written and finished when it is
complete by those rules, within tens of milliseconds of its last byte for Matroska and fragmented MP4
(--no-follow, and --once: encoded once complete); one that stops in the middle of its data is
discarded (stale).
Files under 8 bytes are not judged. Files already there go first,
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
failed and skipped (with cause and reason), moved, stale (incomplete and unchanged for 60 s, or followed
and abandoned in the middle of its data), warning,
retrying (it failed while its writer was still at work: looked at again, not an outcome),
published (a chunk on its conversation's timeline: file, url, startSec, durationSec; resumed: true for
chunks an earlier run placed), left-out (with cause: duplicate, late, ended, locked, collision, \u2026),
conversation-ended, stopped (last).
A conversation is written by one process at a time (a second one leaves its chunks out, cause locked)
and is logged as it goes (<name>.hls/.conversation.ndjson): a restart resumes it, never rewriting a
published file; an ended conversation stays ended.
Exit codes: 130 after Ctrl-C, 143 after SIGTERM; with --once as optimize (0, 1, 2).`;function re(t,{interrupt:r}){let p=t.command("watch").description("optimize each chunk written into folders as soon as it is complete (a long-running process)").argument("<folders...>","folders to watch (their subfolders only with --conversations)");w(p,$e,{output:{required:!0},json:{description:"print NDJSON events on stdout instead of lines"}}),p.addHelpText("after",ye).action(async(i,e)=>{await k();let{watch:o}=await import("./watch-G3C744UG.mjs"),n=s=>{if(e.json){process.stdout.write(`${JSON.stringify({time:new Date().toISOString(),...s})}
`);return}s.type==="done"||s.type==="failed"||s.type==="skipped"?process.stdout.write(`${j(s.report)}
`):s.type==="warning"||s.type==="stale"?process.stderr.write(`warning: ${u(s.message)}
`):s.type==="published"?process.stdout.write(`${u(`published  ${s.conversation} #${s.chunk.index+1} at ${s.chunk.startSec.toFixed(3)} s (+${s.chunk.durationSec.toFixed(3)} s) \u2192 ${s.chunk.file}`)}
`):s.type==="left-out"?process.stderr.write(`${u(`left out of ${s.conversation}: ${s.input}: ${s.cause}: ${s.reason}`)}
`):s.type==="retrying"?process.stderr.write(`${u(`retrying   ${s.input}: it changed while it was read (${s.reason})`)}
`):s.type==="conversation-ended"?process.stdout.write(`${u(`ended      ${s.conversation}: ${s.chunks} chunk(s) \u2192 ${s.playlist}`)}
`):s.type==="watching"&&process.stderr.write(`${u(`watching ${s.folders.join(", ")} \u2192 ${s.output}`)}${s.staleRemoved?` (${s.staleRemoved} stale temporary file(s) removed)`:""}
`)},m=await o(i,{output:e.output,...D(e),settleMs:e.settle,rescanMs:e.rescan===void 0?void 0:e.rescan*1e3,poll:e.poll??!1,once:e.once??!1,doneDir:e.doneDir,conversations:e.conversations??!1,gapTimeoutMs:(e.gapTimeout??30)*1e3,drain:e.drain??!1,...e.follow===!1?{follow:!1}:{},signal:r.signal,onEvent:n});process.exitCode=m.failed>0?1:0})}function ke(t){let r=new O("streamprep").description("Prepare short video chunks for streaming: a faststart H.264/AAC preset applied in parallel, verified, with size and encode-time reports.").version(M()).option("--verbose","show stack traces of unexpected errors").exitOverride().showHelpAfterError("(run with --help for usage)").addHelpText("after",`
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
  $ streamprep doctor                          which ffmpeg is used, and can it encode?`);W(r,t),re(r,t),X(r,t),ee(r,t),Z(r,t),J(r,t),oe(r,t),se(r,t),te(r,t),Y(r,t),r.enablePositionalOptions();let p=i=>[i,...i.commands.flatMap(p)];for(let i of p(r).slice(1))i.exitOverride(),i.addOption(new P("--verbose","show stack traces of unexpected errors").hideHelp());return r}async function xt(t){let r=L(()=>process.stderr.write(`
interrupted: stopping and removing temporary files\u2026
`));process.on("exit",z);let p=ke({interrupt:r});try{await p.parseAsync(t)}catch(e){process.exitCode=ve(e,p.opts().verbose??t.includes("--verbose"))}finally{r.dispose()}let i=r.exitCode();i!==void 0&&(process.exitCode=i)}function ve(t,r){if(t instanceof A)return t.exitCode===0?0:2;if(t instanceof I)return t.exitCode;if(t instanceof $)return process.stderr.write(`streamprep: ${u(t.message)}
`),r&&t.stack&&process.stderr.write(`${t.stack}
`),t.exitCode;let p=t instanceof Error?r?t.stack??t.message:t.message:String(t);return process.stderr.write(`streamprep: unexpected error: ${u(p)}
`),1}export{ke as buildProgram,xt as main};
