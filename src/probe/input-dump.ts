// ffmpeg's own description of an input (the "Input #0 … Stream #0:0: Video: …" lines it prints on
// stderr) turned into the shape of ffprobe's JSON, so that one facts model (facts.ts) reads both. Used
// when ffprobe cannot read a file that ffmpeg can — the bundled static ffprobe dies on MPEG-TS — so a
// file is never refused for what the prober, not the encoder, cannot do. Pure.

/** The part of ffprobe's -show_streams/-show_format JSON that facts.ts reads. */
export interface ProbeJson {
  streams: Array<Record<string, unknown>>;
  format: { duration?: string };
}

/** Channel layouts as ffmpeg names them, and how many channels each has. */
const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1, stereo: 2, downmix: 2, '2.1': 3, '3.0': 3, '3.0(back)': 3, '4.0': 4, quad: 4, 'quad(side)': 4, '3.1': 4,
  '5.0': 5, '5.0(side)': 5, '4.1': 5, '5.1': 6, '5.1(side)': 6, '6.0': 6, '6.0(front)': 6, hexagonal: 6, '6.1': 7,
  '6.1(back)': 7, '6.1(front)': 7, '7.0': 7, '7.0(front)': 7, '7.1': 8, '7.1(wide)': 8, '7.1(wide-side)': 8, octagonal: 8,
};

const FIELD_ORDERS: Record<string, string> = {
  progressive: 'progressive', 'top first': 'tt', 'bottom first': 'bb', 'top coded first (swapped)': 'tb', 'bottom coded first (swapped)': 'bt',
};

/** Splits "a, b(c, d), e" at top-level commas. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '[') depth++;
    if (char === ')' || char === ']') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** "25", "29.97", "1k" → "25/1"-style rate strings facts.ts parses. */
const rate = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const number = value.endsWith('k') ? Number(value.slice(0, -1)) * 1000 : Number(value);
  return Number.isFinite(number) && number > 0 ? String(number) : undefined;
};

/** "yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67, progressive)" → pix_fmt, range, colour, field order. */
function readPixelFormat(item: string): Record<string, unknown> {
  const open = item.indexOf('(');
  const pixFmt = open === -1 ? item : item.slice(0, open);
  const out: Record<string, unknown> = { pix_fmt: pixFmt };
  if (open === -1) return out;
  for (const part of splitTopLevel(item.slice(open + 1, item.lastIndexOf(')')))) {
    if (part === 'tv' || part === 'pc') out.color_range = part;
    else if (FIELD_ORDERS[part]) out.field_order = FIELD_ORDERS[part];
    else if (/^[\w-]+(\/[\w-]+\/[\w-]+)?$/.test(part)) {
      const [space, primaries = space, transfer = space] = part.split('/');
      Object.assign(out, { color_space: space, color_primaries: primaries, color_transfer: transfer });
    }
  }
  return out;
}

function readStream(index: number, kind: string, description: string): Record<string, unknown> {
  const flags = [...description.matchAll(/\((default|attached pic|forced)\)/g)].map((match) => match[1]);
  const body = description.replace(/\s*\((default|attached pic|forced|dub|original|comment|lyrics|karaoke|hearing impaired|visual impaired|clean effects|dependent|still image)\)/g, '');
  const [codecPart = '', ...items] = splitTopLevel(body);
  const codec = /^([\w-]+)/.exec(codecPart)?.[1];
  const tag = /\(([^()\s]{4}) \/ 0x[0-9A-Fa-f]+\)/.exec(codecPart)?.[1];
  const stream: Record<string, unknown> = {
    index, codec_type: kind.toLowerCase(), codec_name: codec, ...(tag ? { codec_tag_string: tag } : {}),
    disposition: { default: flags.includes('default') ? 1 : 0, attached_pic: flags.includes('attached pic') ? 1 : 0 },
  };
  if (kind === 'Video') {
    const pixel = items.find((item) => /^[a-z]\w*(\(|$)/.test(item) && !/ (fps|tbr|tbn|tbc)$/.test(item) && !/^\d+x\d+/.test(item));
    if (pixel) Object.assign(stream, readPixelFormat(pixel));
    const size = items.map((item) => /^(\d+)x(\d+)/.exec(item)).find(Boolean);
    if (size) Object.assign(stream, { width: Number(size[1]), height: Number(size[2]) });
    const fps = rate(items.map((item) => /^([\d.]+k?) fps$/.exec(item)?.[1]).find(Boolean));
    const tbr = rate(items.map((item) => /^([\d.]+k?) tbr$/.exec(item)?.[1]).find(Boolean));
    if (fps ?? tbr) stream.avg_frame_rate = fps ?? tbr;
    if (tbr ?? fps) stream.r_frame_rate = tbr ?? fps;
  }
  if (kind === 'Audio') {
    const hz = items.map((item) => /^(\d+) Hz$/.exec(item)?.[1]).find(Boolean);
    if (hz) stream.sample_rate = hz;
    for (const item of items) {
      const channels = LAYOUT_CHANNELS[item] ?? Number(/^(\d+) channels?$/.exec(item)?.[1] ?? NaN);
      if (Number.isFinite(channels)) {
        stream.channels = channels;
        break;
      }
    }
  }
  return stream;
}

/** "00:01:02.50" → 62.5; "N/A" → undefined. */
function readDuration(text: string | undefined): string | undefined {
  const match = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(text ?? '');
  return match ? String(Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) : undefined;
}

/** The first input's streams and duration from ffmpeg's stderr, or undefined when it described none. */
export function parseInputDump(stderr: string): ProbeJson | undefined {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((line) => /^Input #0, /.test(line));
  if (start === -1) return undefined;
  const streams: Array<Record<string, unknown>> = [];
  let duration: string | undefined;
  let current: Record<string, unknown> | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^(Input #\d|Output #|Stream mapping|At least one output)/.test(line) || !/^\s/.test(line)) break;
    const durationMatch = /^\s+Duration: ([^,]+)/.exec(line);
    if (durationMatch) duration = readDuration(durationMatch[1]?.trim());
    const stream = /^\s+Stream #0:(\d+)(?:\[0x[0-9a-fA-F]+\])?(?:\([^)]*\))?: (Video|Audio|Subtitle|Data|Attachment): (.*)$/.exec(line);
    if (stream) {
      current = readStream(Number(stream[1]), stream[2] as string, stream[3] as string);
      streams.push(current);
      continue;
    }
    const rotation = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(line);
    if (rotation && current) current.side_data_list = [{ rotation: Number(rotation[1]) }];
    const rotate = /^\s+rotate\s+: (-?\d+)/.exec(line);
    if (rotate && current) current.tags = { ...(current.tags as object | undefined), rotate: rotate[1] };
  }
  return { streams, format: duration === undefined ? {} : { duration } };
}
