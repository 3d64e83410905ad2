import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as A,b as O,c as P,d as w,e as D,f as j,g as q,h as _,i as k,j as J}from"./chunk-BLLJO5VW.mjs";import{a as y}from"./chunk-UP5EAU2U.mjs";import{a as B,b as U}from"./chunk-2VJZ7JJI.mjs";import"./chunk-ZPZNTFET.mjs";import{c as I}from"./chunk-6YACCJDN.mjs";import{a as u,c as T,d as M,e as S}from"./chunk-3UIDKWCN.mjs";import{a as R}from"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import{a as $,e as H,f as z,h as E}from"./chunk-5A7H2GX2.mjs";import"./chunk-6MKJCL72.mjs";var ie=["presets","runs","levels","quality","jsonFile","html","progress","ffmpeg","ffprobe"];function L(t,s){let{interrupt:a}=s,n=t.command("bench").description("measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels").argument("<inputs...>","video files, folders or globs");w(n,ie,{progress:{description:"no progress bar or per-run lines"}}),n.enablePositionalOptions(),pe(n,s),n.addHelpText("after",`
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR
  $ streamprep bench chunks/ -j 1,2 --html bench.html     charts: throughput per preset and concurrency, size against quality

Outputs go to a temporary folder that is removed afterwards. RTF = encode time \xF7 media duration.`).action(async(e,r)=>{await k();let{bench:i}=await import("./run-bench-ZTBTCRJP.mjs"),{formatBench:m}=await import("./format-bench-XVUX762I.mjs"),o=r.progress!==!1&&process.stderr.isTTY===!0,l=performance.now(),{checkReportTarget:p}=await import("./report-target-NKDDHZTA.mjs");for(let[d,h]of[["--json",r.jsonFile],["--html",r.html]])h&&await p(h,void 0,`${d} ${h}`);let f=await i(e,{presets:r.presets,runs:r.runs??3,concurrency:r.levels,quality:r.quality??!1,ffmpegPath:r.ffmpeg,ffprobePath:r.ffprobe,signal:a.signal,onBatch:d=>{if(r.progress===!1)return;let h=`${d.preset} \xD7${d.concurrency} ${d.warmUp?"warm-up":`run ${d.run}`}: ${d.wallSec.toFixed(2)} s`;o?process.stderr.write(`\r\x1B[2K${q(d.done,d.total,(performance.now()-l)/1e3)}  ${h}`):process.stderr.write(`${h}
`)}});if(o&&process.stderr.write("\r\x1B[2K"),a.signal.aborted)return;let{writeFileAtomic:c}=await import("./temp-output-5HA3LNAI.mjs");if(r.jsonFile&&await c(r.jsonFile,`${JSON.stringify(f,null,2)}
`),r.html){let{formatBenchHtml:d}=await import("./format-bench-XVUX762I.mjs");await c(r.html,d(f))}process.stdout.write(`${m(f)}
`)})}var ae=["preset","runs","queue","full","jsonFile","html","progress","ffmpeg","ffprobe"];function pe(t,{interrupt:s}){let a=t.command("browser").description("time to first frame, stalls, bytes and requests in headless Chromium over slow links: each input against its optimized output, or (--queue) a conversation played four ways").argument("[inputs...]","video files, folders or globs (with --queue: the chunks of one conversation, in name order; default: 12 stand-ins like a generator's)");w(a,ae,{preset:{description:"the preset the optimized outputs are made with"},runs:{description:"measurements per file, variant and link (medians are reported)"},queue:{description:"play the inputs as one conversation, back to back: raw and optimized chunks in a two-element queue, streamprep/player, hls.js on the live playlist; all chunks ready, and at generator pace"}}),a.addHelpText("after",`
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
apt-get install chromium-headless-shell (or set STREAMPREP_CHROMIUM); exit 2 when there is none.`).action(async(n,e)=>{let{checkReportTarget:r}=await import("./report-target-NKDDHZTA.mjs");for(let[b,g]of[["--json",e.jsonFile],["--html",e.html]])g&&await r(g,void 0,`${b} ${g}`);let{UsageError:i}=await import("./errors-KGSEGRHI.mjs");if(!e.queue&&n.length===0)throw new i("bench browser needs inputs (or --queue, which makes stand-in chunks)");let m=e.progress!==!1&&process.stderr.isTTY===!0,o=performance.now(),l=(b,g,C)=>{e.progress!==!1&&(m?process.stderr.write(`\r\x1B[2K${q(b,g,(performance.now()-o)/1e3)}  ${C}`):process.stderr.write(`${C}
`))},{writeFileAtomic:p}=await import("./temp-output-5HA3LNAI.mjs");if(e.queue){let{benchConversationCommand:b}=await import("./conversation-command-PS4YNPJL.mjs"),{text:g,json:C,html:ne}=await b(n,{preset:e.preset,runs:e.runs??3,ffmpeg:e.ffmpeg,ffprobe:e.ffprobe,signal:s.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await p(e.jsonFile,C),e.html&&await p(e.html,ne),process.stdout.write(`${g}
`);return}let{benchBrowser:f}=await import("./bench-browser-U2WEKZAQ.mjs"),{formatBrowserBench:c,formatBrowserHtml:d}=await import("./format-browser-WROZEINY.mjs"),h=await f(n,{preset:e.preset,runs:e.runs??3,full:e.full??!1,ffmpegPath:e.ffmpeg,ffprobePath:e.ffprobe,signal:s.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await p(e.jsonFile,`${JSON.stringify(h,null,2)}
`),e.html&&await p(e.html,d(h)),process.stdout.write(`${c(h)}
`)})}var ce={SIGHUP:129,SIGINT:130,SIGTERM:143};function W(t){let s=new AbortController,a=[],n,e=Object.entries(ce).map(([r,i])=>{let m=()=>{n!==void 0&&process.exit(n),n=i;for(let o of a)o();t?.(),s.abort()};return process.on(r,m),[r,m]});return{signal:s.signal,exitCode:()=>n,onInterrupt:r=>{a.push(r)},stopped:()=>new Promise(r=>{s.signal.aborted?r():s.signal.addEventListener("abort",()=>r(),{once:!0})}),dispose(){for(let[r,i]of e)process.off(r,i)}}}function F(t){let s=t.verdict==="faststart"?`faststart (${t.reason})`:`${t.verdict}: ${t.reason}`;return t.violations.length>0?`${s}; preset: ${t.violations.join("; ")}`:s}var G=(t,s=process.cwd())=>`${t.passed?t.fixed?"FIXED":"PASS":"FAIL"}  ${u(y(s,t.file))}  ${u(F(t))}`;function K(t){let s=t.skipped>0?`; ${t.skipped} skipped (hidden, or streamprep's temporary files)`:"";return`${t.checked} checked: ${t.passed} passed, ${t.failed} failed${s}`}function Q(t,s=process.cwd()){let a=`streamprep check: ${t.verdict}`;return`::error file=${S(y(s,t.file))},title=${S(a)}::${M(F(t))}`}var v=T;function V(t,s,a=process.cwd()){let n=t.preset?`streamprep check (preset ${t.preset})`:"streamprep check",e=t.files.map(i=>{let m=`    <testcase classname="streamprep.check" name="${v(y(a,i.file))}"`;if(i.passed)return`${m}/>`;let o=F(i);return`${m}>
      <failure type="${v(i.verdict)}" message="${v(o)}">${v(o)}</failure>
    </testcase>`}),r=`tests="${t.checked}" failures="${t.failed}" errors="0" time="${s.toFixed(3)}"`;return['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="${v(n)}" ${r}>`,`  <testsuite name="${v(n)}" ${r}>`,...e,"  </testsuite>","</testsuites>",""].join(`
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
Exit codes: 0 all pass, 1 any fails, 2 usage error.`;function X(t,{interrupt:s}){let a=t.command("check").description("check that videos are faststart (moov before mdat), and optionally what a preset produces").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(a,de,{preset:{description:"also check codec, profile, level, size, fps and audio against a preset",noDefault:!0},json:{description:"print the results as JSON instead of lines"},breakHardlinks:{description:"with --fix: also rewrite files that have other hard links (those names keep the old version)"}}),a.addHelpText("after",me).action(async(n,e)=>{let r=performance.now(),{check:i}=await import("./check-D4BFYBGF.mjs"),m=process.env.GITHUB_ACTIONS==="true",o=[],l=0,p=0,f=()=>{o.length>0&&process.stdout.write(`${o.join(`
`)}
`),o.length=0},c=await i(n,{preset:e.preset,collect:!!(e.json||e.junit),fix:e.fix??!1,breakHardlinks:e.breakHardlinks??!1,signal:s.signal,reportFiles:e.junit?[e.junit]:[],onFile:h=>{++l===512&&k(),!e.json&&(!e.quiet||!h.passed)&&o.push(G(h)),m&&!e.json&&!h.passed&&++p<=N&&o.push(Q(h)),o.length>=256&&f()}});p>N&&o.push(`::notice title=streamprep check::${p-N} more failure(s) not annotated (GitHub shows 10 per step); all are listed above`),f();let d=(performance.now()-r)/1e3;if(!s.signal.aborted){if(e.junit){let{writeFileAtomic:h}=await import("./temp-output-5HA3LNAI.mjs");await h(e.junit,V(c,d))}e.json?process.stdout.write(`${JSON.stringify({schemaVersion:1,...c},null,2)}
`):(!e.quiet||c.failed>0)&&process.stdout.write(`${K(c)}
`),process.exitCode=c.failed>0?1:0}})}var le=["ffmpeg","ffprobe","json"];function Y(t,s){let a=t.command("doctor").description("show which ffmpeg and ffprobe are used, their versions, and whether libx264 and aac are available");w(a,le,{json:{description:"print the findings as JSON"}}),a.addHelpText("after",`
A named ffmpeg is used as it is: --ffmpeg, else FFMPEG_PATH. Otherwise the newest capable one
(libx264, aac and zscale) among ffmpeg-static, the ffmpeg on PATH and the bundled
@ffmpeg-installer/ffmpeg (a build from 2018) is chosen \u2014 a maintained system ffmpeg gets the security
fixes of the years since \u2014 with the ffprobe beside it (else @ffprobe-installer/ffprobe); a warning when
the chosen build is more than 5 years old.
Exit code 0 when everything needed is there, 2 otherwise.`).action(async n=>{let{diagnose:e}=await import("./doctor-ELK4E542.mjs"),r=await e({ffmpeg:n.ffmpeg,ffprobe:n.ffprobe});if(n.json){let i={...r,ffmpeg:"error"in r.ffmpeg?r.ffmpeg:{...r.ffmpeg,encoders:void 0}};process.stdout.write(`${JSON.stringify(i,null,2)}
`)}else{let i=[];for(let m of[r.ffmpeg,r.ffprobe])"error"in m?i.push(`\u2717 ${u(m.error)}`):i.push(u(`\u2713 ${m.tool.padEnd(8)} ${m.version}  ${m.path}  (from ${m.source})`));if(!("error"in r.ffmpeg)&&r.ffmpeg.choice){i.push(u(`  chosen: ${r.ffmpeg.choice.why}`));for(let m of r.ffmpeg.choice.passedOver)i.push(u(`  not ${m.source} (${m.version}): ${m.why}`))}!("error"in r.ffmpeg)&&r.ffmpeg.warning&&i.push(`! ${u(r.ffmpeg.warning)}`);for(let[m,o]of Object.entries(r.encoders))i.push(`${o?"\u2713":"\u2717"} encoder  ${m}${o?"":" missing"}`);i.push(r.ok?"ready":"not ready: see the \u2717 lines above"),process.stdout.write(`${i.join(`
`)}
`)}process.exitCode=r.ok?0:2})}var ue=["output","inPlace","force","fsync","breakHardlinks"];function fe(t,s=process.cwd()){let a=r=>u(y(s,r)),n=a(t.input),e=u(t.reason??"");switch(t.status){case"moved":{let r=t.target?` (symlink: rewrote ${a(t.target)})`:"";return`moved      ${n} \u2192 ${t.output?a(t.output):""}${r}  ${B(t.bytes)} in ${U(t.seconds)}${t.convertedToCo64?"  (stco \u2192 co64: offsets pass 4 GiB)":""}`}case"unchanged":return`unchanged  ${n}: ${e}`;case"skipped":return`skipped    ${n}: ${e}`;case"failed":return`failed     ${n}: ${e}`}}function Z(t,{interrupt:s}){let a=t.command("faststart").description("move moov in front of the media without re-encoding (no ffmpeg), verified before it replaces anything").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(a,ue,{output:{description:"write the results here, keeping relative paths and extensions"},breakHardlinks:{description:"with --in-place: also replace files that have other hard links (those names keep the old version)"},force:{description:"with -o: replace outputs that already exist (default: skip them, as optimize does)"}}),a.addHelpText("after",`
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
Exit codes: 0 every file moved, already faststart or skipped, 1 some file failed, 2 usage error.`).action(async(n,e)=>{let{faststart:r}=await import("./faststart-2I6KRTX6.mjs"),i=await r(n,{output:e.output,inPlace:e.inPlace,flush:e.fsync??!0,breakHardlinks:e.breakHardlinks??!1,force:e.force??!1,signal:s.signal,onFile:m=>process.stdout.write(`${fe(m)}
`)});process.stdout.write(`${i.files.length} file(s): ${i.moved} moved, ${i.unchanged} unchanged, ${i.skipped} skipped, ${i.failed} failed
`),process.exitCode=i.failed>0?1:0})}function ee(t,s){let a=t.command("inspect").description("show a file's boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes").argument("<files...>");w(a,["json"],{json:{description:"print the inspection as JSON"}}),a.addHelpText("after",`
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json
  $ streamprep inspect out/*.mp4                 one after another; --json gives an array

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when every file is faststart, 1 otherwise (a file that cannot be read is named on stderr).`).action(async(n,e)=>{let{inspectFile:r}=await import("./inspect-file-J5GYNDYP.mjs"),{formatInspection:i,inspectionJson:m}=await import("./format-inspection-6SOSYEML.mjs"),{escapeTerminal:o}=await import("./escape-3PVGITZG.mjs");if(n.length===1){let[f]=n,c=await r(f).catch(d=>{throw new H(f,E(d))});process.stdout.write(e.json?`${JSON.stringify(m(f,c),null,2)}
`:`${i(f,c)}
`),process.exitCode=c.layout.verdict==="faststart"?0:1;return}let l=!0,p=[];for(let[f,c]of n.entries()){let d=await r(c).catch(h=>h);if(d instanceof Error){l=!1,process.stderr.write(`${o(`unreadable  ${c}: ${E(d)}`)}
`);continue}l&&=d.layout.verdict==="faststart",e.json?p.push(m(c,d)):process.stdout.write(`${f>0?`
`:""}${i(c,d)}
`)}e.json&&process.stdout.write(`${JSON.stringify(p,null,2)}
`),process.exitCode=l?0:1})}function te(t,s){t.command("presets").description("list the built-in presets").addHelpText("after",`
Examples:
  $ streamprep presets
  $ streamprep presets show web                 (extends streaming: resolved, with where each value comes from)
  $ streamprep presets show ./my-preset.json   (validates it too)

A preset file may start from another: {"extends": "streaming", "video": {"crf": 30}} \u2014 unspecified keys
come from the parent (a built-in name, or a file relative to this one).`).action(async()=>{let{listPresetNames:n,loadPreset:e}=await import("./load-YZVX2HHF.mjs");for(let r of await n()){let i=await e(r);process.stdout.write(`${u(`${r.padEnd(14)}${i.description}`)}
`)}}).command("show").description('print a preset resolved (its "extends" chain merged) and where each value comes from; a .json file is validated').argument("<name|file.json>").action(async n=>{let{loadPresetSources:e}=await import("./load-YZVX2HHF.mjs"),{preset:r,sources:i}=await e(n);if(process.stdout.write(`${JSON.stringify(r,null,2)}
`),new Set(i.values()).size>1){let o=[...i.keys()].filter(p=>p!=="extends").sort(),l=Math.max(...o.map(p=>p.length));process.stdout.write(`
where each value comes from:
${o.map(p=>u(`  ${p.padEnd(l)}  ${i.get(p)}`)).join(`
`)}
`)}})}function x(t){let s=t??process.env.REDIS_URL;if(!s)throw new $("no Redis: pass --redis redis://host:6379 (or set REDIS_URL)",2);if(!/^rediss?:\/\//.test(s))throw new $("--redis must be a redis:// or rediss:// URL",2);return s}var he=["redis","queueName","concurrency","threads","roots","presetDirs","lockDuration","ffmpeg","ffprobe"],we=["output","redis","queueName","preset","presetDirs","force","wait","report","progress"],be=["redis","queueName","json"];function oe(t,{interrupt:s}){let a=t.command("worker").description("optimize jobs from a Redis queue (BullMQ), with the same scheduler as optimize; runs until stopped");w(a,he,{concurrency:{description:"jobs encoded at once by this worker (default: the number of CPUs, threads shared as optimize shares them)"}}),a.addHelpText("after",`
Examples:
  $ streamprep worker --redis redis://queue.internal:6379 --root /srv/media
  $ streamprep worker --redis rediss://:secret@queue.internal:6380 -j 2 --root /mnt/shared

Jobs carry paths: every worker must see inputs and outputs at the same paths (shared storage), and
refuses jobs outside its --root folders; jobs name built-in presets or <name>.json files in its
--preset-dir folders, nothing else. Bad input fails at once; transient failures are retried.
SIGTERM or Ctrl-C: running jobs are finished, then exit 143/130 (a second signal stops at once; the
queue hands those jobs to another worker after --lock-duration).`).action(async o=>{let{createWorker:l}=await import("./entry-ZJGM5WUV.mjs"),{redactUrl:p}=await import("./job-QD37LR5F.mjs"),f=x(o.redis),c=await l({redis:f,queue:o.queueName,concurrency:o.concurrency,threads:o.threads,roots:o.roots,presetDirs:o.presetDirs,lockDurationMs:o.lockDuration,stalledIntervalMs:Math.max(1e3,Math.floor((o.lockDuration??6e4)/2)),ffmpegPath:o.ffmpeg,ffprobePath:o.ffprobe,onEvent:d=>{d.type==="ready"&&process.stderr.write(`${u(`worker on ${p(f)} queue ${d.queue}, ${d.concurrency} at a time, roots ${d.roots.join(", ")}`)}
`),d.type==="done"&&process.stdout.write(`${j(d.report)}
`),d.type==="failed"&&process.stdout.write(`${u(`failed   ${d.input??"(no input)"} (job ${d.id}): ${d.reason}${d.willRetry?" (will retry)":""}`)}
`),d.type==="redis"&&process.stderr.write(`${u(d.message)}
`)}});await s.stopped(),await c.close()});let n=t.command("enqueue").description("add one optimize job per input to a Redis queue (BullMQ) for workers; --wait follows them").argument("<inputs...>","video files, folders or globs (on storage the workers share, at the same paths)");w(n,we,{output:{required:!0},preset:{description:"a preset name the workers know: built-in, or <name>.json in --preset-dir"}}),n.addHelpText("after",`
Examples:
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis redis://queue.internal:6379
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis "$REDIS_URL" --wait --report report.json

Each job's id is derived from the input (device, inode, size, mtime), the output, the preset's content
and -f: enqueuing the same batch twice adds nothing; a completed job whose output is gone, or any
finished job with -f, runs again. --report is checked before anything is queued. Exit codes with --wait
as optimize's (Ctrl-C: 130, the jobs stay queued); 2 when Redis cannot be reached.`).action(async(o,l)=>{let{enqueue:p}=await import("./entry-ZJGM5WUV.mjs"),f=_(process.stderr,(l.progress??!0)&&(l.wait??!1)),c=await p(o,{output:l.output,redis:x(l.redis),queue:l.queueName,preset:l.preset,presetDirs:l.presetDirs,force:l.force??!1,wait:l.wait??!1,signal:s.signal,reportFiles:l.report?[l.report]:[],onFile:h=>f.fileDone(h),onOutage:h=>process.stderr.write(`${u(h??"Redis is back")}
`),onNoWorker:h=>process.stderr.write(`${u(`no worker is connected to queue ${h}: the jobs wait until one starts (streamprep worker --redis \u2026 --queue ${h})`)}
`),onQueued:({added:h,existing:b})=>process.stderr.write(`${h} job(s) added, ${b} already queued${l.wait?"; waiting for the workers":""}
`)});if(f.stop(),c.unfinished){process.stderr.write(`stopped waiting: ${c.unfinished} job(s) stay queued and workers will still run them (streamprep queue status shows them)
`);return}if(!c.report)return;process.exitCode=c.report.totals.failed>0?1:0;let{emitReport:d}=await import("./optimize-command-OST3LAOD.mjs");await d(c.report,{report:l.report})});let e=t.command("queue").description("look at a Redis queue of optimize jobs: status, retry, clean"),r=e.command("status").description("connected workers and what they encode; waiting, active, completed and failed jobs, and why the failed ones failed");w(r,be,{json:{description:"print the status as JSON"}}),r.action(async o=>{let{queueStatus:l}=await import("./entry-ZJGM5WUV.mjs"),p=await l(x(o.redis),o.queueName);if(o.json){process.stdout.write(`${JSON.stringify(p,null,2)}
`);return}let{counts:f}=p;process.stdout.write(`queue ${p.queue}: ${f.waiting} waiting, ${f.active} active, ${f.delayed} delayed, ${f.completed} completed, ${f.failed} failed
`),process.stdout.write(p.workers.length===0?`no worker is connected (streamprep worker --redis \u2026 --queue ${p.queue})
`:`${p.workers.length} worker(s) connected:
`);for(let c of p.workers)process.stdout.write(`${u(`worker   ${c.host} pid ${c.pid}, ${c.concurrency} at once${c.files.length?`: ${c.files.join(", ")}`:", idle"}`)}
`);for(let c of p.failed)process.stdout.write(`${u(`failed   ${c.input}: ${c.reason} (${c.attempts} attempt(s))`)}
`)});let i=e.command("retry").description("put every failed job back in the queue (after fixing what made it fail)");w(i,["redis","queueName"]),i.action(async o=>{let{retryFailed:l}=await import("./entry-ZJGM5WUV.mjs"),p=await l(x(o.redis),o.queueName);process.stdout.write(`${p} failed job(s) queued again
`)});let m=e.command("clean").description("remove finished jobs (failed, completed or both) older than --age").option("--failed","remove failed jobs").option("--completed","remove completed jobs").option("--age <s>","only jobs that finished at least this long ago, seconds","0");w(m,["redis","queueName"]),m.addHelpText("after",`
Examples:
  $ streamprep queue clean --completed --age 86400 --redis "$REDIS_URL"   completed jobs older than a day
  $ streamprep queue clean --failed --completed --redis "$REDIS_URL"`),m.action(async o=>{let l=[...o.failed?["failed"]:[],...o.completed?["completed"]:[]];if(l.length===0)throw new $("queue clean: say what to remove: --failed, --completed or both",2);let p=Number(o.age);if(!Number.isFinite(p)||p<0)throw new $(`--age must be a number of seconds \u2265 0 (got ${o.age})`,2);let{cleanJobs:f}=await import("./entry-ZJGM5WUV.mjs"),c=await f(x(o.redis),o.queueName??"streamprep",l,p*1e3);process.stdout.write(`${l.map(d=>`${c[d]??0} ${d}`).join(", ")} job(s) removed
`)})}var ge=["port","host","throttle","latency"];function re(t,{interrupt:s}){let a=t.command("serve").description("serve a folder to browsers as a CDN would (Range, ETag, HEAD), with an index page and optional slow-link emulation").argument("<folder>","the folder to serve (nothing outside it is reachable)");w(a,ge),a.addHelpText("after",`
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
Stops on Ctrl-C (exit 130).`).action(async(n,e)=>{let{stat:r}=await import("node:fs/promises"),{StreamprepError:i}=await import("./errors-KGSEGRHI.mjs");if(!(await r(n).catch(()=>{}))?.isDirectory())throw new i(`${n}: not a folder`,2);let{startFolderServer:m}=await import("./folder-server-QKAY7JAQ.mjs"),l=(await import("node:path")).resolve(n),p=await m({root:l,host:e.host,port:e.port,throttleKbps:e.throttle,latencyMs:e.latency}).catch(c=>{throw new i(`cannot listen on ${e.host??"127.0.0.1"}:${e.port??0}: ${c.code??c.message}`,2)}),f=[e.throttle?`${e.throttle} kbit/s`:"",e.latency?`+${e.latency} ms per request`:""].filter(Boolean).join(" ");process.stderr.write(`${u(`serving ${l} at ${p.url}${f?` (${f})`:""}`)} \u2014 Ctrl-C stops
`),await s.stopped(),await p.close()})}var $e=["output","preset","concurrency","threads","force","reencode","keepSmaller","settle","rescan","poll","once","doneDir","conversations","gapTimeout","follow","drain","json","ffmpeg","ffprobe"],ye=`
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
(--no-follow: encoded once complete); one that stops in the middle of its data is discarded (stale).
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
published (a chunk on its conversation's timeline: file, startSec, durationSec), left-out,
conversation-ended, stopped (last).
Exit codes: 130 after Ctrl-C, 143 after SIGTERM; with --once as optimize (0, 1, 2).`;function se(t,{interrupt:s}){let a=t.command("watch").description("optimize each chunk written into folders as soon as it is complete (a long-running process)").argument("<folders...>","folders to watch (their subfolders only with --conversations)");w(a,$e,{output:{required:!0},json:{description:"print NDJSON events on stdout instead of lines"}}),a.addHelpText("after",ye).action(async(n,e)=>{await k();let{watch:r}=await import("./watch-53OPHYUT.mjs"),i=o=>{if(e.json){process.stdout.write(`${JSON.stringify({time:new Date().toISOString(),...o})}
`);return}o.type==="done"||o.type==="failed"||o.type==="skipped"?process.stdout.write(`${j(o.report)}
`):o.type==="warning"||o.type==="stale"?process.stderr.write(`warning: ${u(o.message)}
`):o.type==="published"?process.stdout.write(`${u(`published  ${o.conversation} #${o.chunk.index+1} at ${o.chunk.startSec.toFixed(3)} s (+${o.chunk.durationSec.toFixed(3)} s) \u2192 ${o.chunk.file}`)}
`):o.type==="left-out"?process.stderr.write(`${u(`left out of ${o.conversation}: ${o.input}: ${o.reason}`)}
`):o.type==="conversation-ended"?process.stdout.write(`${u(`ended      ${o.conversation}: ${o.chunks} chunk(s) \u2192 ${o.playlist}`)}
`):o.type==="watching"&&process.stderr.write(`${u(`watching ${o.folders.join(", ")} \u2192 ${o.output}`)}${o.staleRemoved?` (${o.staleRemoved} stale temporary file(s) removed)`:""}
`)},m=await r(n,{output:e.output,...D(e),settleMs:e.settle,rescanMs:e.rescan===void 0?void 0:e.rescan*1e3,poll:e.poll??!1,once:e.once??!1,doneDir:e.doneDir,conversations:e.conversations??!1,gapTimeoutMs:(e.gapTimeout??30)*1e3,drain:e.drain??!1,follow:e.follow??!0,signal:s.signal,onEvent:i});process.exitCode=m.failed>0?1:0})}function ke(t){let s=new O("streamprep").description("Prepare short video chunks for streaming: a faststart H.264/AAC preset applied in parallel, verified, with size and encode-time reports.").version(R()).option("--verbose","show stack traces of unexpected errors").exitOverride().showHelpAfterError("(run with --help for usage)").addHelpText("after",`
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
  $ streamprep doctor                          which ffmpeg is used, and can it encode?`);J(s,t),se(s,t),X(s,t),ee(s,t),Z(s,t),L(s,t),re(s,t),oe(s,t),te(s,t),Y(s,t),s.enablePositionalOptions();let a=n=>[n,...n.commands.flatMap(a)];for(let n of a(s).slice(1))n.exitOverride(),n.addOption(new P("--verbose","show stack traces of unexpected errors").hideHelp());return s}async function xt(t){let s=W(()=>process.stderr.write(`
interrupted: stopping and removing temporary files\u2026
`));process.on("exit",I);let a=ke({interrupt:s});try{await a.parseAsync(t)}catch(e){process.exitCode=ve(e,a.opts().verbose??t.includes("--verbose"))}finally{s.dispose()}let n=s.exitCode();n!==void 0&&(process.exitCode=n)}function ve(t,s){if(t instanceof A)return t.exitCode===0?0:2;if(t instanceof z)return t.exitCode;if(t instanceof $)return process.stderr.write(`streamprep: ${u(t.message)}
`),s&&t.stack&&process.stderr.write(`${t.stack}
`),t.exitCode;let a=t instanceof Error?s?t.stack??t.message:t.message:String(t);return process.stderr.write(`streamprep: unexpected error: ${u(a)}
`),1}export{ke as buildProgram,xt as main};
