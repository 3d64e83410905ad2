import { createRequire as __streamprepRequire } from 'node:module'; const require = __streamprepRequire(import.meta.url);
import{a as I,b as z,c as D,d as w,e as L,f as j,g as F,h as W,i as v,j as J}from"./chunk-ATJU5ZVV.mjs";import"./chunk-QGNZXRZZ.mjs";import{a as k}from"./chunk-UP5EAU2U.mjs";import"./chunk-J23RJ72K.mjs";import"./chunk-ZPZNTFET.mjs";import{c as U}from"./chunk-6YACCJDN.mjs";import{a as M,b as A}from"./chunk-2VJZ7JJI.mjs";import{a as u,c as O,d as P,e as E}from"./chunk-3UIDKWCN.mjs";import{a as H}from"./chunk-XVWTIDPQ.mjs";import"./chunk-3PYSY7GQ.mjs";import{a as $,e as _,f as B,h as q}from"./chunk-5A7H2GX2.mjs";import"./chunk-6MKJCL72.mjs";var ae=["presets","runs","levels","quality","jsonFile","html","progress","ffmpeg","ffprobe"];function G(t,o){let{interrupt:p}=o,i=t.command("bench").description("measure encode time, CPU, RTF, sizes (and quality) of presets on your clips, across concurrency levels").argument("<inputs...>","video files, folders or globs");w(i,ae,{progress:{description:"no progress bar or per-run lines"}}),i.enablePositionalOptions(),ce(i,o),i.addHelpText("after",`
Examples:
  $ streamprep bench chunks/                              the streaming preset, 3 runs
  $ streamprep bench chunks/ -p streaming -p ./hq.json    two presets side by side
  $ streamprep bench chunks/ -j 1,2,4 --runs 5 --json bench.json
  $ streamprep bench clip.mp4 --quality                   what the preset costs in SSIM/PSNR
  $ streamprep bench chunks/ -j 1,2 --html bench.html     charts: throughput per preset and concurrency, size against quality

Outputs go to a temporary folder that is removed afterwards. RTF = encode time \xF7 media duration.`).action(async(e,s)=>{await v();let{bench:n}=await import("./run-bench-4M2EM2YQ.mjs"),{formatBench:m}=await import("./format-bench-OYIG33YH.mjs"),r=s.progress!==!1&&process.stderr.isTTY===!0,l=performance.now(),{checkReportTarget:c}=await import("./report-target-NKDDHZTA.mjs");for(let[a,h]of[["--json",s.jsonFile],["--html",s.html]])h&&await c(h,void 0,`${a} ${h}`);let f=await n(e,{presets:s.presets,runs:s.runs??3,concurrency:s.levels,quality:s.quality??!1,ffmpegPath:s.ffmpeg,ffprobePath:s.ffprobe,signal:p.signal,onBatch:a=>{if(s.progress===!1)return;let h=`${a.preset} \xD7${a.concurrency} ${a.warmUp?"warm-up":`run ${a.run}`}: ${a.wallSec.toFixed(2)} s`;r?process.stderr.write(`\r\x1B[2K${F(a.done,a.total,(performance.now()-l)/1e3)}  ${h}`):process.stderr.write(`${h}
`)}});if(r&&process.stderr.write("\r\x1B[2K"),p.signal.aborted)return;let{writeFileAtomic:d}=await import("./temp-output-5EZDTBWK.mjs");if(s.jsonFile&&await d(s.jsonFile,`${JSON.stringify(f,null,2)}
`),s.html){let{formatBenchHtml:a}=await import("./format-bench-OYIG33YH.mjs");await d(s.html,a(f))}process.stdout.write(`${m(f)}
`)})}var pe=["preset","runs","queue","live","speeds","full","jsonFile","html","progress","ffmpeg","ffprobe"];function ce(t,{interrupt:o}){let p=t.command("browser").description("time to first frame, stalls, bytes and requests in headless Chromium over slow links: each input against its optimized output, or (--queue) a conversation played four ways").argument("[inputs...]","video files, folders or globs (with --queue: the chunks of one conversation, in name order; default: 12 stand-ins like a generator's)");w(p,pe,{preset:{description:"the preset the optimized outputs are made with"},runs:{description:"measurements per file, variant and link (medians are reported)"},queue:{description:"play the inputs as one conversation, back to back: raw and optimized chunks in a two-element queue, streamprep/player, hls.js on the live playlist; all chunks ready, and at generator pace"}}),p.addHelpText("after",`
Examples:
  $ streamprep bench browser chunks/ --html ttff.html        each chunk raw vs optimized: first frame, stalls, bytes
  $ streamprep bench browser --queue --html talk.html        12 stand-in chunks (~8 Mbit/s, 512\xD7512, 25 fps, High,
                                                            48 kHz stereo, moov at the end) as a conversation
  $ streamprep bench browser chunks/ --queue --runs 5 --json talk.json
  $ streamprep bench browser chunks/ --live --json live.json   glass to glass: the chunks written at real-time pace
                                                            (and half) into optimize - --conversation, played live

Links (one budget for all connections, by streamprep serve's throttle): 1.5 Mbit/s + 150 ms, 5 Mbit/s + 50 ms,
and 20 Mbit/s + 20 ms without --queue. With --queue: time to first frame, stall rate (chunks with a wait for
data or a boundary gap over 200 ms), stall time, the gap at each boundary from presented frames
(requestVideoFrameCallback), MB downloaded and wall time; modes alternate from run to run; a run that fails or
times out is shown as failed, never as a good number. Generator pace: chunk N appears when a real-time
generator would have finished it (plus its measured encode time, for the optimized modes). hls.js is the
dev dependency's (npm i -D hls.js); without it that mode is left out. Needs a system Chromium:
apt-get install chromium-headless-shell (or set STREAMPREP_CHROMIUM); exit 2 when there is none.`).action(async(i,e)=>{let{checkReportTarget:s}=await import("./report-target-NKDDHZTA.mjs");for(let[b,g]of[["--json",e.jsonFile],["--html",e.html]])g&&await s(g,void 0,`${b} ${g}`);let{UsageError:n}=await import("./errors-KGSEGRHI.mjs");if(!e.queue&&!e.live&&i.length===0)throw new n("bench browser needs inputs (or --queue / --live, which make stand-in chunks)");let m=e.progress!==!1&&process.stderr.isTTY===!0,r=performance.now(),l=(b,g,y)=>{e.progress!==!1&&(m?process.stderr.write(`\r\x1B[2K${F(b,g,(performance.now()-r)/1e3)}  ${y}`):process.stderr.write(`${y}
`))},{writeFileAtomic:c}=await import("./temp-output-5EZDTBWK.mjs");if(e.live){let{benchLiveCommand:b}=await import("./live-command-5R2FHNWP.mjs"),g=String(e.speeds??"1,0.5").split(",").map(Number);if(g.some(T=>!(T>=.1&&T<=4)))throw new n(`--speeds takes numbers from 0.1 to 4, comma-separated (got ${e.speeds})`);let{text:y,json:S}=await b(i,{runs:e.runs??3,speeds:g,ffmpeg:e.ffmpeg,ffprobe:e.ffprobe,signal:o.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await c(e.jsonFile,S),process.stdout.write(`${y}
`);return}if(e.queue){let{benchConversationCommand:b}=await import("./conversation-command-VUN6NLKX.mjs"),{text:g,json:y,html:S}=await b(i,{preset:e.preset,runs:e.runs??3,ffmpeg:e.ffmpeg,ffprobe:e.ffprobe,signal:o.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await c(e.jsonFile,y),e.html&&await c(e.html,S),process.stdout.write(`${g}
`);return}let{benchBrowser:f}=await import("./bench-browser-Z2AWDYBU.mjs"),{formatBrowserBench:d,formatBrowserHtml:a}=await import("./format-browser-6RG75G3K.mjs"),h=await f(i,{preset:e.preset,runs:e.runs??3,full:e.full??!1,ffmpegPath:e.ffmpeg,ffprobePath:e.ffprobe,signal:o.signal,onProgress:l});m&&process.stderr.write("\r\x1B[2K"),e.jsonFile&&await c(e.jsonFile,`${JSON.stringify(h,null,2)}
`),e.html&&await c(e.html,a(h)),process.stdout.write(`${d(h)}
`)})}var de={SIGHUP:129,SIGINT:130,SIGTERM:143};function K(t){let o=new AbortController,p=[],i,e=Object.entries(de).map(([s,n])=>{let m=()=>{i!==void 0&&process.exit(i),i=n;for(let r of p)r();t?.(),o.abort()};return process.on(s,m),[s,m]});return{signal:o.signal,exitCode:()=>i,onInterrupt:s=>{p.push(s)},stopped:()=>new Promise(s=>{o.signal.aborted?s():o.signal.addEventListener("abort",()=>s(),{once:!0})}),dispose(){for(let[s,n]of e)process.off(s,n)}}}function R(t){let o=t.verdict==="faststart"?`faststart (${t.reason})`:`${t.verdict}: ${t.reason}`;return t.violations.length>0?`${o}; preset: ${t.violations.join("; ")}`:o}var Q=(t,o=process.cwd())=>`${t.passed?t.fixed?"FIXED":"PASS":"FAIL"}  ${u(k(o,t.file))}  ${u(R(t))}`;function V(t){let o=t.skipped>0?`; ${t.skipped} skipped (hidden, or streamprep's temporary files)`:"";return`${t.checked} checked: ${t.passed} passed, ${t.failed} failed${o}`}function X(t,o=process.cwd()){let p=`streamprep check: ${t.verdict}`;return`::error file=${E(k(o,t.file))},title=${E(p)}::${P(R(t))}`}var x=O;function Y(t,o,p=process.cwd()){let i=t.preset?`streamprep check (preset ${t.preset})`:"streamprep check",e=t.files.map(n=>{let m=`    <testcase classname="streamprep.check" name="${x(k(p,n.file))}"`;if(n.passed)return`${m}/>`;let r=R(n);return`${m}>
      <failure type="${x(n.verdict)}" message="${x(r)}">${x(r)}</failure>
    </testcase>`}),s=`tests="${t.checked}" failures="${t.failed}" errors="0" time="${o.toFixed(3)}"`;return['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="${x(i)}" ${s}>`,`  <testsuite name="${x(i)}" ${s}>`,...e,"  </testsuite>","</testsuites>",""].join(`
`)}var me=["preset","json","junit","quiet","fix","breakHardlinks"],N=10,le=`
Examples:
  $ streamprep check out/                        every MP4/MOV under out/: is moov before mdat?
  $ streamprep check out/ --preset streaming     \u2026and is each what the streaming preset produces?
  $ streamprep check 'dist/**/*.mp4' --junit check.xml --quiet
  $ streamprep check public/ --fix                 make them faststart where moving moov is all it takes

Verdicts: faststart (passes), moov-after-mdat, no-moov, truncated, malformed, not-mp4, unreadable
(missing, a FIFO or other non-regular file, permission denied). Hidden files and streamprep's own
temporary files found in folders are skipped and counted. --fix follows the rules of faststart --in-place.
Under GitHub Actions (GITHUB_ACTIONS=true) each failure is also an ::error annotation.
Exit codes: 0 all pass, 1 any fails, 2 usage error.`;function Z(t,{interrupt:o}){let p=t.command("check").description("check that videos are faststart (moov before mdat), and optionally what a preset produces").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(p,me,{preset:{description:"also check codec, profile, level, size, fps and audio against a preset",noDefault:!0},json:{description:"print the results as JSON instead of lines"},breakHardlinks:{description:"with --fix: also rewrite files that have other hard links (those names keep the old version)"}}),p.addHelpText("after",le).action(async(i,e)=>{let s=performance.now(),{check:n}=await import("./check-JDQ6B4UP.mjs"),m=process.env.GITHUB_ACTIONS==="true",r=[],l=0,c=0,f=()=>{r.length>0&&process.stdout.write(`${r.join(`
`)}
`),r.length=0},d=await n(i,{preset:e.preset,collect:!!(e.json||e.junit),fix:e.fix??!1,breakHardlinks:e.breakHardlinks??!1,signal:o.signal,reportFiles:e.junit?[e.junit]:[],onFile:h=>{++l===512&&v(),!e.json&&(!e.quiet||!h.passed)&&r.push(Q(h)),m&&!e.json&&!h.passed&&++c<=N&&r.push(X(h)),r.length>=256&&f()}});c>N&&r.push(`::notice title=streamprep check::${c-N} more failure(s) not annotated (GitHub shows 10 per step); all are listed above`),f();let a=(performance.now()-s)/1e3;if(!o.signal.aborted){if(e.junit){let{writeFileAtomic:h}=await import("./temp-output-5EZDTBWK.mjs");await h(e.junit,Y(d,a))}e.json?process.stdout.write(`${JSON.stringify({schemaVersion:1,...d},null,2)}
`):(!e.quiet||d.failed>0)&&process.stdout.write(`${V(d)}
`),process.exitCode=d.failed>0?1:0}})}var ue=["ffmpeg","ffprobe","json"];function ee(t,o){let p=t.command("doctor").description("show which ffmpeg and ffprobe are used, their versions, and whether libx264 and aac are available");w(p,ue,{json:{description:"print the findings as JSON"}}),p.addHelpText("after",`
A named ffmpeg is used as it is: --ffmpeg, else FFMPEG_PATH. Otherwise the newest capable one
(libx264, aac and zscale) among ffmpeg-static, the ffmpeg on PATH and the bundled
@ffmpeg-installer/ffmpeg (a build from 2018) is chosen \u2014 a maintained system ffmpeg gets the security
fixes of the years since \u2014 with the ffprobe beside it (else @ffprobe-installer/ffprobe); a warning when
the chosen build is more than 5 years old.
Exit code 0 when everything needed is there, 2 otherwise.`).action(async i=>{let{diagnose:e}=await import("./doctor-SG7YZOWB.mjs"),s=await e({ffmpeg:i.ffmpeg,ffprobe:i.ffprobe});if(i.json){let n={...s,ffmpeg:"error"in s.ffmpeg?s.ffmpeg:{...s.ffmpeg,encoders:void 0}};process.stdout.write(`${JSON.stringify(n,null,2)}
`)}else{let n=[];for(let m of[s.ffmpeg,s.ffprobe])"error"in m?n.push(`\u2717 ${u(m.error)}`):n.push(u(`\u2713 ${m.tool.padEnd(8)} ${m.version}  ${m.path}  (from ${m.source})`));if(!("error"in s.ffmpeg)&&s.ffmpeg.choice){n.push(u(`  chosen: ${s.ffmpeg.choice.why}`));for(let m of s.ffmpeg.choice.passedOver)n.push(u(`  not ${m.source} (${m.version}): ${m.why}`))}!("error"in s.ffmpeg)&&s.ffmpeg.warning&&n.push(`! ${u(s.ffmpeg.warning)}`);for(let[m,r]of Object.entries(s.encoders))n.push(`${r?"\u2713":"\u2717"} encoder  ${m}${r?"":" missing"}`);n.push(s.ok?"ready":"not ready: see the \u2717 lines above"),process.stdout.write(`${n.join(`
`)}
`)}process.exitCode=s.ok?0:2})}var fe=["output","inPlace","force","fsync","breakHardlinks"];function he(t,o=process.cwd()){let p=s=>u(k(o,s)),i=p(t.input),e=u(t.reason??"");switch(t.status){case"moved":{let s=t.target?` (symlink: rewrote ${p(t.target)})`:"";return`moved      ${i} \u2192 ${t.output?p(t.output):""}${s}  ${M(t.bytes)} in ${A(t.seconds)}${t.convertedToCo64?"  (stco \u2192 co64: offsets pass 4 GiB)":""}`}case"unchanged":return`unchanged  ${i}: ${e}`;case"skipped":return`skipped    ${i}: ${e}`;case"failed":return`failed     ${i}: ${e}`}}function te(t,{interrupt:o}){let p=t.command("faststart").description("move moov in front of the media without re-encoding (no ffmpeg), verified before it replaces anything").argument("<inputs...>","files, folders (searched for .mp4/.m4v/.m4a/.mov/.3gp) or globs");w(p,fe,{output:{description:"write the results here, keeping relative paths and extensions"},breakHardlinks:{description:"with --in-place: also replace files that have other hard links (those names keep the old version)"},force:{description:"with -o: replace outputs that already exist (default: skip them, as optimize does)"}}),p.addHelpText("after",`
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
Exit codes: 0 every file moved, already faststart or skipped, 1 some file failed, 2 usage error.`).action(async(i,e)=>{let{faststart:s}=await import("./faststart-Y7DLMLS4.mjs"),n=await s(i,{output:e.output,inPlace:e.inPlace,flush:e.fsync??!0,breakHardlinks:e.breakHardlinks??!1,force:e.force??!1,signal:o.signal,onFile:m=>process.stdout.write(`${he(m)}
`)});process.stdout.write(`${n.files.length} file(s): ${n.moved} moved, ${n.unchanged} unchanged, ${n.skipped} skipped, ${n.failed} failed
`),process.exitCode=n.failed>0?1:0})}function re(t,o){let p=t.command("inspect").description("show a file's boxes (offsets, sizes, sample tables), faststart verdict, tracks and startup bytes").argument("<files...>");w(p,["json"],{json:{description:"print the inspection as JSON"}}),p.addHelpText("after",`
Examples:
  $ streamprep inspect out/clip.mp4
  $ streamprep inspect camera.mov --json
  $ streamprep inspect out/*.mp4                 one after another; --json gives an array

Startup bytes: how much a player reading from the start needs before it can show the first frame
(the end of moov or of the first video sample, whichever is later; the whole file when moov is at the end).
Exit code 0 when every file is faststart, 1 otherwise (a file that cannot be read is named on stderr).`).action(async(i,e)=>{let{inspectFile:s}=await import("./inspect-file-D6DFKPM5.mjs"),{formatInspection:n,inspectionJson:m}=await import("./format-inspection-6SOSYEML.mjs"),{escapeTerminal:r}=await import("./escape-3PVGITZG.mjs");if(i.length===1){let[f]=i,d=await s(f).catch(a=>{throw new _(f,q(a))});process.stdout.write(e.json?`${JSON.stringify(m(f,d),null,2)}
`:`${n(f,d)}
`),process.exitCode=d.layout.verdict==="faststart"?0:1;return}let l=!0,c=[];for(let[f,d]of i.entries()){let a=await s(d).catch(h=>h);if(a instanceof Error){l=!1,process.stderr.write(`${r(`unreadable  ${d}: ${q(a)}`)}
`);continue}l&&=a.layout.verdict==="faststart",e.json?c.push(m(d,a)):process.stdout.write(`${f>0?`
`:""}${n(d,a)}
`)}e.json&&process.stdout.write(`${JSON.stringify(c,null,2)}
`),process.exitCode=l?0:1})}function se(t,o){t.command("presets").description("list the built-in presets").addHelpText("after",`
Examples:
  $ streamprep presets
  $ streamprep presets show web                 (extends streaming: resolved, with where each value comes from)
  $ streamprep presets show ./my-preset.json   (validates it too)

A preset file may start from another: {"extends": "streaming", "video": {"crf": 30}} \u2014 unspecified keys
come from the parent (a built-in name, or a file relative to this one).`).action(async()=>{let{listPresetNames:i,loadPreset:e}=await import("./load-ENTBAW7T.mjs");for(let s of await i()){let n=await e(s);process.stdout.write(`${u(`${s.padEnd(14)}${n.description}`)}
`)}}).command("show").description('print a preset resolved (its "extends" chain merged) and where each value comes from; a .json file is validated').argument("<name|file.json>").action(async i=>{let{loadPresetSources:e}=await import("./load-ENTBAW7T.mjs"),{preset:s,sources:n}=await e(i);if(process.stdout.write(`${JSON.stringify(s,null,2)}
`),new Set(n.values()).size>1){let r=[...n.keys()].filter(c=>c!=="extends").sort(),l=Math.max(...r.map(c=>c.length));process.stdout.write(`
where each value comes from:
${r.map(c=>u(`  ${c.padEnd(l)}  ${n.get(c)}`)).join(`
`)}
`)}})}function C(t){let o=t??process.env.REDIS_URL;if(!o)throw new $("no Redis: pass --redis redis://host:6379 (or set REDIS_URL)",2);if(!/^rediss?:\/\//.test(o))throw new $("--redis must be a redis:// or rediss:// URL",2);return o}var we=["redis","queueName","concurrency","threads","roots","presetDirs","lockDuration","ffmpeg","ffprobe"],ge=["output","redis","queueName","preset","presetDirs","force","wait","report","progress"],be=["redis","queueName","json"];function oe(t,{interrupt:o}){let p=t.command("worker").description("optimize jobs from a Redis queue (BullMQ), with the same scheduler as optimize; runs until stopped");w(p,we,{concurrency:{description:"jobs encoded at once by this worker (default: its share of the CPUs among the workers running on this machine, threads shared as optimize shares them)"}}),p.addHelpText("after",`
Examples:
  $ streamprep worker --redis redis://queue.internal:6379 --root /srv/media
  $ streamprep worker --redis rediss://:secret@queue.internal:6380 -j 2 --root /mnt/shared

Jobs carry paths: every worker must see inputs and outputs at the same paths (shared storage), and
refuses jobs outside its --root folders; jobs name built-in presets or <name>.json files in its
--preset-dir folders, nothing else. Without -j and --threads, workers on one machine share its cores:
each takes cores \xF7 workers jobs at once (at least one) and follows as workers start and stop. Bad input fails at once; transient failures are retried.
SIGTERM or Ctrl-C: running jobs are finished, then exit 143/130 (a second signal stops at once; the
queue hands those jobs to another worker after --lock-duration).`).action(async r=>{let{createWorker:l}=await import("./entry-KCI6FKA6.mjs"),{redactUrl:c}=await import("./job-QD37LR5F.mjs"),f=C(r.redis),d=await l({redis:f,queue:r.queueName,concurrency:r.concurrency,threads:r.threads,roots:r.roots,presetDirs:r.presetDirs,lockDurationMs:r.lockDuration,stalledIntervalMs:Math.max(1e3,Math.floor((r.lockDuration??6e4)/2)),ffmpegPath:r.ffmpeg,ffprobePath:r.ffprobe,...process.env.STREAMPREP_WORKER_SHARE_DIR?{shareFolder:process.env.STREAMPREP_WORKER_SHARE_DIR}:{},onEvent:a=>{if(a.type==="ready"){let h=a.sharedWith&&a.sharedWith>1?` (sharing this machine's cores with ${a.sharedWith-1} other worker(s))`:"";process.stderr.write(`${u(`worker on ${c(f)} queue ${a.queue}, ${a.concurrency} at a time${h}, roots ${a.roots.join(", ")}`)}
`)}a.type==="share"&&process.stderr.write(`${a.workers} worker(s) on this machine: now ${a.concurrency} at a time
`),a.type==="done"&&process.stdout.write(`${j(a.report)}
`),a.type==="failed"&&process.stdout.write(`${u(`failed   ${a.input??"(no input)"} (job ${a.id}): ${a.reason}${a.willRetry?" (will retry)":""}`)}
`),a.type==="redis"&&process.stderr.write(`${u(a.message)}
`)}});await o.stopped(),await d.close()});let i=t.command("enqueue").description("add one optimize job per input to a Redis queue (BullMQ) for workers; --wait follows them").argument("<inputs...>","video files, folders or globs (on storage the workers share, at the same paths)");w(i,ge,{output:{required:!0},preset:{description:"a preset name the workers know: built-in, or <name>.json in --preset-dir"}}),i.addHelpText("after",`
Examples:
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis redis://queue.internal:6379
  $ streamprep enqueue /srv/media/in -o /srv/media/out --redis "$REDIS_URL" --wait --report report.json

Each job's id is derived from the input (device, inode, size, mtime), the output, the preset's content
and -f: enqueuing the same batch twice adds nothing; a completed job whose output is gone, or any
finished job with -f, runs again. --report is checked before anything is queued. Exit codes with --wait
as optimize's (Ctrl-C: 130, the jobs stay queued); 2 when Redis cannot be reached.`).action(async(r,l)=>{let{enqueue:c}=await import("./entry-KCI6FKA6.mjs"),f=W(process.stderr,(l.progress??!0)&&(l.wait??!1)),d=await c(r,{output:l.output,redis:C(l.redis),queue:l.queueName,preset:l.preset,presetDirs:l.presetDirs,force:l.force??!1,wait:l.wait??!1,signal:o.signal,reportFiles:l.report?[l.report]:[],onFile:h=>f.fileDone(h),onOutage:h=>process.stderr.write(`${u(h??"Redis is back")}
`),onNoWorker:h=>process.stderr.write(`${u(`no worker is connected to queue ${h}: the jobs wait until one starts (streamprep worker --redis \u2026 --queue ${h})`)}
`),onQueued:({added:h,existing:b})=>process.stderr.write(`${h} job(s) added, ${b} already queued${l.wait?"; waiting for the workers":""}
`)});if(f.stop(),d.unfinished){process.stderr.write(`stopped waiting: ${d.unfinished} job(s) stay queued and workers will still run them (streamprep queue status shows them)
`);return}if(!d.report)return;process.exitCode=d.report.totals.failed>0?1:0;let{emitReport:a}=await import("./optimize-command-IGLHN2C4.mjs");await a(d.report,{report:l.report})});let e=t.command("queue").description("look at a Redis queue of optimize jobs: status, retry, clean"),s=e.command("status").description("connected workers and what they encode; waiting, active, completed and failed jobs, and why the failed ones failed");w(s,be,{json:{description:"print the status as JSON"}}),s.action(async r=>{let{queueStatus:l}=await import("./entry-KCI6FKA6.mjs"),c=await l(C(r.redis),r.queueName);if(r.json){process.stdout.write(`${JSON.stringify(c,null,2)}
`);return}let{counts:f}=c;process.stdout.write(`queue ${c.queue}: ${f.waiting} waiting, ${f.active} active, ${f.delayed} delayed, ${f.completed} completed, ${f.failed} failed
`),process.stdout.write(c.workers.length===0?`no worker is connected (streamprep worker --redis \u2026 --queue ${c.queue})
`:`${c.workers.length} worker(s) connected:
`);for(let d of c.workers)process.stdout.write(`${u(`worker   ${d.host} pid ${d.pid}, ${d.concurrency} at once${d.files.length?`: ${d.files.join(", ")}`:", idle"}`)}
`);for(let d of c.failed)process.stdout.write(`${u(`failed   ${d.input}: ${d.reason} (${d.attempts} attempt(s))`)}
`)});let n=e.command("retry").description("put every failed job back in the queue (after fixing what made it fail)");w(n,["redis","queueName"]),n.action(async r=>{let{retryFailed:l}=await import("./entry-KCI6FKA6.mjs"),c=await l(C(r.redis),r.queueName);process.stdout.write(`${c} failed job(s) queued again
`)});let m=e.command("clean").description("remove finished jobs (failed, completed or both) older than --age").option("--failed","remove failed jobs").option("--completed","remove completed jobs").option("--age <s>","only jobs that finished at least this long ago, seconds","0");w(m,["redis","queueName"]),m.addHelpText("after",`
Examples:
  $ streamprep queue clean --completed --age 86400 --redis "$REDIS_URL"   completed jobs older than a day
  $ streamprep queue clean --failed --completed --redis "$REDIS_URL"`),m.action(async r=>{let l=[...r.failed?["failed"]:[],...r.completed?["completed"]:[]];if(l.length===0)throw new $("queue clean: say what to remove: --failed, --completed or both",2);let c=Number(r.age);if(!Number.isFinite(c)||c<0)throw new $(`--age must be a number of seconds \u2265 0 (got ${r.age})`,2);let{cleanJobs:f}=await import("./entry-KCI6FKA6.mjs"),d=await f(C(r.redis),r.queueName??"streamprep",l,c*1e3);process.stdout.write(`${l.map(a=>`${d[a]??0} ${a}`).join(", ")} job(s) removed
`)})}var $e=["port","host","cors","page","throttle","latency"];function ie(t,{interrupt:o}){let p=t.command("serve").description("serve a folder to browsers as a CDN would (Range, ETag, HEAD), with an index page and optional slow-link emulation").argument("<folder>","the folder to serve (nothing outside it is reachable)");w(p,$e),p.addHelpText("after",`
Examples:
  $ streamprep serve out/                              http://127.0.0.1:8080/ lists and plays every video
  $ streamprep serve out/ --throttle 1500 --latency 150  as over a 1.5 Mbit/s link with 150 ms per request
  $ streamprep serve out/ --host 0.0.0.0 --port 9000   reachable from other machines (think twice)
  $ streamprep serve out/ --cors http://localhost:5173  your front end's dev server may play the media
  $ streamprep serve out/ --page site/                  your page at http://127.0.0.1:8080/page/, media beside it

The index page shows each video's faststart verdict and startup bytes, and plays each conversation
(<name>.hls/playlist.m3u8, from optimize --conversation or watch --conversations) through
streamprep/player, following a live playlist as it grows. Playlists may be requested with _HLS_msn=N
(LL-HLS blocking reload: the answer comes when segment N is published). Cache-Control: playlists
no-store; conversation chunks and .m4s immutable (a CDN may keep them forever); other files no-cache. Paths are confined to the folder:
"..", percent-encoded traversal, NUL bytes, dotfiles and symlinks leading out are refused (400/403/404).
Only regular files are served (a FIFO, socket or device is 404 and never listed); malformed paths are
400. --cors answers preflights and exposes Content-Length, Content-Range and Accept-Ranges to the origin.
--page files are served with a CSP that lets the page's own scripts run (not inline ones) and fetch media
from anywhere; /_streamprep/player.js is streamprep/player as one ES module for <script type="module">.
Stops on Ctrl-C or SIGTERM (exit 130/143).`).action(async(i,e)=>{let{stat:s}=await import("node:fs/promises"),{StreamprepError:n}=await import("./errors-KGSEGRHI.mjs");if(!(await s(i).catch(()=>{}))?.isDirectory())throw new n(`${i}: not a folder`,2);if(e.page!==void 0&&!(await s(e.page).catch(()=>{}))?.isDirectory())throw new n(`--page ${e.page}: not a folder`,2);let{startFolderServer:m}=await import("./folder-server-YRWYIOCP.mjs"),r=await import("node:path"),l=r.resolve(i),c=await m({root:l,host:e.host,port:e.port,throttleKbps:e.throttle,latencyMs:e.latency,cors:e.cors,page:e.page}).catch(d=>{throw new n(`cannot listen on ${e.host??"127.0.0.1"}:${e.port??0}: ${d.code??d.message}`,2)}),f=[e.throttle?`${e.throttle} kbit/s`:"",e.latency?`+${e.latency} ms per request`:""].filter(Boolean).join(" ");process.stderr.write(`${u(`serving ${l} at ${c.url}${f?` (${f})`:""}`)} \u2014 Ctrl-C stops
`),e.page!==void 0&&process.stderr.write(`${u(`your page: ${c.url}page/ (from ${r.resolve(e.page)})`)}
`),e.cors?.length&&process.stderr.write(`${u(`cross-origin reads allowed for ${e.cors.join(", ")}`)}
`),await o.stopped(),await c.close()})}var ye=["output","preset","concurrency","threads","force","reencode","keepSmaller","settle","rescan","poll","once","doneDir","conversations","gapTimeout","follow","drain","json","ffmpeg","ffprobe"],ke=`
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
(--no-follow, and --once: encoded once complete); one that stops in the middle of its data waits
for its writer (retrying) and is failed as abandoned (stale) after 60 s still or when watch stops.
Files under 8 bytes are not judged. Files already there go first,
oldest first; then new ones in order of arrival. Subfolders are not watched (except with --conversations). Two files that would
share an output (a.mp4 and a.mov) fail with cause collision. A file changed while it was encoded is
encoded again once it settles; --done-dir moves only the very file (identity, size, mtime) that was
encoded. Restarts skip outputs that exist (verified when written) and remove stale temporary files.
With --conversations each subfolder of a watched folder is one conversation: its chunks are encoded
as they complete and put, in the order of the number in their names (chunk-9 before chunk-10; an early
one waits up to --gap-timeout for its predecessor), on one timeline: <output>/<subfolder>/<chunk>.mp4
(progressive) and <output>/<subfolder>.hls/ (CMAF chunks and playlist.m3u8, a live EVENT playlist);
a chunk followed as it is written is published there in parts (LL-HLS) while it is written.
A file named .end in the subfolder (after its last chunk), or stopping watch, ends the conversation.
--json events: watching, queued, started, done (with the report optimize --report writes per file),
failed and skipped (with cause and reason), moved, stale (incomplete and unchanged for 60 s, or followed
and abandoned in the middle of its data), warning,
retrying (it failed while its writer was still at work, or paused mid-data: looked at again, not an outcome),
published (a chunk on its conversation's timeline: file, url, startSec, durationSec; resumed: true for
chunks an earlier run placed), left-out (with cause: duplicate, late, ended, locked, collision, \u2026),
conversation-ended, stopped (last).
A conversation is written by one process at a time (a second one leaves its chunks out, cause locked)
and is logged as it goes (<name>.hls/.conversation.ndjson): a restart resumes it, never rewriting a
published file; an ended conversation stays ended.
Exit codes: 130 after Ctrl-C, 143 after SIGTERM; with --once as optimize (0, 1, 2).`;function ne(t,{interrupt:o}){let p=t.command("watch").description("optimize each chunk written into folders as soon as it is complete (a long-running process)").argument("<folders...>","folders to watch (their subfolders only with --conversations)");w(p,ye,{output:{required:!0},json:{description:"print NDJSON events on stdout instead of lines"}}),p.addHelpText("after",ke).action(async(i,e)=>{await v();let{watch:s}=await import("./watch-YEORPMLA.mjs"),n=r=>{if(e.json){process.stdout.write(`${JSON.stringify({time:new Date().toISOString(),...r})}
`);return}r.type==="done"||r.type==="failed"||r.type==="skipped"?process.stdout.write(`${j(r.report)}
`):r.type==="warning"||r.type==="stale"?process.stderr.write(`warning: ${u(r.message)}
`):r.type==="published"?process.stdout.write(`${u(`published  ${r.conversation} #${r.chunk.index+1} at ${r.chunk.startSec.toFixed(3)} s (+${r.chunk.durationSec.toFixed(3)} s) \u2192 ${r.chunk.file}`)}
`):r.type==="left-out"?process.stderr.write(`${u(`left out of ${r.conversation}: ${r.input}: ${r.cause}: ${r.reason}`)}
`):r.type==="retrying"?process.stderr.write(`${u(`retrying   ${r.input}: ${r.reason}`)}
`):r.type==="conversation-ended"?process.stdout.write(`${u(`ended      ${r.conversation}: ${r.chunks} chunk(s) \u2192 ${r.playlist}`)}
`):r.type==="watching"&&process.stderr.write(`${u(`watching ${r.folders.join(", ")} \u2192 ${r.output}`)}${r.staleRemoved?` (${r.staleRemoved} file(s) left by a killed run removed)`:""}
`)},m=await s(i,{output:e.output,...L(e),settleMs:e.settle,rescanMs:e.rescan===void 0?void 0:e.rescan*1e3,poll:e.poll??!1,once:e.once??!1,doneDir:e.doneDir,conversations:e.conversations??!1,gapTimeoutMs:(e.gapTimeout??30)*1e3,drain:e.drain??!1,...e.follow===!1?{follow:!1}:{},signal:o.signal,onEvent:n});process.exitCode=m.failed>0?1:0})}function ve(t){let o=new z("streamprep").description("Prepare short video chunks for streaming: a faststart H.264/AAC preset applied in parallel, verified, with size and encode-time reports.").version(H()).option("--verbose","show stack traces of unexpected errors").exitOverride().configureOutput({outputError:(i,e)=>e(`${u(i.replace(/\n$/,""))}
`)}).showHelpAfterError("(run with --help for usage)").addHelpText("after",`
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
  $ streamprep doctor                          which ffmpeg is used, and can it encode?`);J(o,t),ne(o,t),Z(o,t),re(o,t),te(o,t),G(o,t),ie(o,t),oe(o,t),se(o,t),ee(o,t),o.enablePositionalOptions();let p=i=>[i,...i.commands.flatMap(p)];for(let i of p(o).slice(1))i.exitOverride(),i.addOption(new D("--verbose","show stack traces of unexpected errors").hideHelp());return o}async function Ct(t){let o=K(()=>process.stderr.write(`
interrupted: stopping and removing temporary files\u2026
`));process.on("exit",U);let p=ve({interrupt:o});try{await p.parseAsync(t)}catch(e){process.exitCode=xe(e,p.opts().verbose??t.includes("--verbose"))}finally{o.dispose()}let i=o.exitCode();i!==void 0&&(process.exitCode=i)}function xe(t,o){if(t instanceof I)return t.exitCode===0?0:2;if(t instanceof B)return t.exitCode;if(t instanceof $)return process.stderr.write(`streamprep: ${u(t.message)}
`),o&&t.stack&&process.stderr.write(`${t.stack}
`),t.exitCode;let p=t instanceof Error?o?t.stack??t.message:t.message:String(t);return process.stderr.write(`streamprep: unexpected error: ${u(p)}
`),1}export{ve as buildProgram,Ct as main};
