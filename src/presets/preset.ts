// What a preset is: the data in presets/*.json, typed.

export const X264_PRESETS = [
  'ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow', 'placebo',
] as const;
export const H264_PROFILES = ['baseline', 'main', 'high'] as const;
export const LEVEL_POLICIES = ['scale', 'raise-level'] as const;

export interface Preset {
  name: string;
  description: string;
  container: {
    /** Write moov before mdat (-movflags +faststart). */
    faststart: boolean;
  };
  video: {
    codec: 'libx264';
    preset: (typeof X264_PRESETS)[number];
    profile: (typeof H264_PROFILES)[number];
    /** H.264 level, e.g. "3.0". The output is made to fit it. */
    level: string;
    crf: number;
    /** A cap: slower sources keep their rate. */
    maxFps: number;
    /** When a frame is too large for the level: scale it down, or declare the lowest level that fits. */
    onLevelExceeded: (typeof LEVEL_POLICIES)[number];
    /** Optional: the largest frame, fitted with its aspect kept (even sizes). */
    maxWidth?: number;
    maxHeight?: number;
    /** Optional: a keyframe at least this often (seconds), e.g. to align segments. */
    keyframeIntervalSec?: number;
    /** Optional: a bit-rate cap and buffer below the level's (kbit/s). */
    maxrateKbps?: number;
    bufsizeKbps?: number;
  };
  audio: {
    codec: 'aac';
    sampleRate: number;
    channels: number;
    bitrateKbps: number;
    /** Optional: even loudness (EBU R128): each file measured, then brought to this integrated loudness by a linear gain, its true peak under the ceiling. */
    loudness?: { integratedLufs: number; truePeakDbtp: number };
  };
}
