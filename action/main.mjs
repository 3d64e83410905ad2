// The GitHub Action (a JavaScript action on the runner's own Node 24; bundled with esbuild into
// action/bundle/main.mjs, which is committed): run check or optimize with a JSON report, write a Markdown
// job summary within GitHub's 1 MiB cap, emit at most 10 error annotations (GitHub shows no more per
// step) with the rest counted in the summary, set the outputs and exit with streamprep's exit code.
// check needs nothing installed (the CLI is bundled beside this file as one file); optimize first
// installs the production dependencies (the ffmpeg binaries) into the action's folder, from the npm
// registry, without touching the job's Node. Tested without GitHub by test/action/action.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes } from '../src/report/units.ts';
import { escapeAnnotationData as escapeData, escapeAnnotationProperty as escapeProperty, escapeMarkdownCell as markdownCell } from '../src/text/escape.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024; // GitHub refuses a step summary over 1 MiB; keep a margin
const ANNOTATION_LIMIT = 10; // error annotations GitHub shows per step


// The runner names inputs INPUT_<NAME> in upper case, hyphens kept (INPUT_FAIL-ON).
const input = (name, fallback = '') => (process.env[`INPUT_${name}`] ?? process.env[`INPUT_${name.replace(/_/g, '-')}`] ?? fallback).trim();
const command = input('COMMAND', 'check') || 'check';
const failOn = input('FAIL_ON', 'failure') || 'failure';
if (!['check', 'optimize'].includes(command)) fail(`command must be check or optimize (got "${command}")`);
if (!['failure', 'never'].includes(failOn)) fail(`fail-on must be failure or never (got "${failOn}")`);
// One path per line (names with spaces work); each is a path, never an option: they follow `--`.
const paths = input('PATHS').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
if (paths.length === 0) fail('paths is empty: name the files, folders or globs to ' + command);
const args = splitArgs(input('ARGS'));
const preset = input('PRESET');

function fail(message) {
  process.stdout.write(`::error title=streamprep action::${message.replace(/%/g, '%25').replace(/[\r\n]/g, ' ')}\n`);
  process.exit(2);
}

/** Shell-like word splitting of the `args` input: quotes group, nothing is expanded. */
function splitArgs(text) {
  const words = [];
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) words.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3]);
  return words;
}


// optimize needs the ffmpeg binaries: the production dependencies, installed once into the action's
// folder (npm registry only: the binaries ship inside the packages; no scripts run, no build).
if (command === 'optimize' && !existsSync(path.join(ROOT, 'node_modules', '@ffmpeg-installer', 'ffmpeg', 'package.json'))) {
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
}

const work = mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'streamprep-action-'));
const report = path.join(work, 'report.json');
const cli = path.join(HERE, 'streamprep.mjs');
const argv = command === 'check'
  ? [cli, 'check', '--json', ...(preset ? ['--preset', preset] : []), ...args, '--', ...paths]
  : [cli, 'optimize', '--report', report, '--no-progress', ...(preset ? ['--preset', preset] : []), ...args, '--', ...paths];
// The CLI must not annotate on its own: this script does, within GitHub's limits.
const result = spawnSync(process.execPath, argv, {
  env: { ...process.env, GITHUB_ACTIONS: 'false' }, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024,
  stdio: ['ignore', command === 'check' ? 'pipe' : 'inherit', 'inherit'],
});
const exitCode = result.status ?? 1;
if (command === 'check' && result.stdout) {
  // --json prints the report on stdout; keep it as the report file.
  appendFileSync(report, result.stdout);
}

let failures = [];
let summary;
let failedCount = 0;
if (existsSync(report)) {
  const data = JSON.parse(readFileSync(report, 'utf8'));
  const relative = (file) => (path.isAbsolute(file) ? path.relative(process.cwd(), file) || file : file);
  if (command === 'check') {
    failures = data.files.filter((file) => !file.passed).map((file) => ({
      file: relative(file.file), title: `streamprep check: ${file.verdict}`,
      message: [`${file.verdict}: ${file.reason}`, ...file.violations.map((v) => `preset: ${v}`)].join('; '),
    }));
    failedCount = data.failed;
    summary = {
      heading: `### streamprep check${data.preset ? ` (preset \`${markdownCell(data.preset)}\`)` : ''}: ${data.passed} of ${data.checked} passed, ${data.failed} failed${data.skipped ? `, ${data.skipped} skipped` : ''}`,
      header: '| file | verdict | why |\n| --- | --- | --- |',
      rows: failures.map((f) => `| ${markdownCell(f.file)} | ${markdownCell(f.title.replace('streamprep check: ', ''))} | ${markdownCell(f.message)} |`),
      empty: 'Every file is faststart' + (data.preset ? ' and matches the preset.' : '.'),
    };
  } else {
    failures = data.files.filter((file) => file.status === 'failed').map((file) => ({
      file: relative(file.input), title: 'streamprep optimize: failed', message: file.reason ?? 'failed',
    }));
    failedCount = data.totals.failed;
    const t = data.totals;
    summary = {
      heading: `### streamprep optimize (preset \`${markdownCell(data.preset)}\`): ${t.ok} ok, ${t.failed} failed, ${t.skipped} skipped · ${formatBytes(t.inputBytes)} → ${formatBytes(t.outputBytes)}`,
      header: '| file | status | in | out | encode | notes |\n| --- | --- | ---: | ---: | ---: | --- |',
      rows: data.files.map((f) => `| ${markdownCell(relative(f.input))} | ${f.status} | ${formatBytes(f.inputBytes)} | ${formatBytes(f.outputBytes)} | ${f.encodeSec?.toFixed(2) ?? '–'} s | ${markdownCell(f.status === 'ok' ? f.adaptations.join('; ') : f.reason ?? '')} |`),
      empty: 'No files.',
    };
  }
}

// Annotations: at most ANNOTATION_LIMIT; the rest are counted in the summary.
for (const failure of failures.slice(0, ANNOTATION_LIMIT)) {
  process.stdout.write(`::error file=${escapeProperty(failure.file)},title=${escapeProperty(failure.title)}::${escapeData(failure.message)}\n`);
}
const notAnnotated = Math.max(0, failures.length - ANNOTATION_LIMIT);

if (process.env.GITHUB_STEP_SUMMARY) {
  const parts = [];
  if (summary) {
    parts.push(summary.heading, '');
    if (notAnnotated > 0) parts.push(`${failures.length} failures; the first ${ANNOTATION_LIMIT} are annotated (GitHub shows at most ${ANNOTATION_LIMIT} per step), all are listed here.`, '');
    if (summary.rows.length === 0) parts.push(summary.empty);
    else {
      let text = `${parts.join('\n')}${summary.header}\n`;
      let shown = 0;
      for (const row of summary.rows) {
        if (Buffer.byteLength(text) + Buffer.byteLength(row) + 512 > SUMMARY_LIMIT) break;
        text += `${row}\n`;
        shown++;
      }
      if (shown < summary.rows.length) text += `\n${summary.rows.length - shown} more rows not shown: the job summary is capped at 1 MiB. The JSON report has them all (output \`report\`).\n`;
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${text}\n`);
      parts.length = 0;
    }
  } else {
    parts.push(`### streamprep ${command} failed before writing a report (exit code ${exitCode}); see the step's log.`);
  }
  if (parts.length > 0) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${parts.join('\n')}\n`);
}
if (process.env.GITHUB_OUTPUT) {
  appendFileSync(process.env.GITHUB_OUTPUT, `report=${existsSync(report) ? report : ''}\nfailed=${failedCount}\nexit-code=${exitCode}\n`);
}
process.exit(failOn === 'never' ? 0 : exitCode);
