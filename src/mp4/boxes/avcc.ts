// avcC (AVCDecoderConfigurationRecord): the H.264 profile and level a stream declares.
import { type SpsFacts, parseSps } from '../../h264/sps.js';
import { PayloadReader } from './reader.js';

export interface AvcConfig {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  profile: string;
  /** What the first SPS says (frame/field coding, VUI colour), when it could be read. */
  sps?: SpsFacts | undefined;
}

const PROFILES: Record<number, string> = {
  66: 'Baseline', 77: 'Main', 88: 'Extended', 100: 'High', 110: 'High 10', 122: 'High 4:2:2', 244: 'High 4:4:4 Predictive',
  44: 'CAVLC 4:4:4',
};

export function profileName(profileIdc: number, constraintFlags: number): string {
  const name = PROFILES[profileIdc] ?? `profile ${profileIdc}`;
  // constraint_set1_flag on Baseline: decodable by Main decoders too ("Constrained Baseline").
  return profileIdc === 66 && (constraintFlags & 0x40) !== 0 ? 'Constrained Baseline' : name;
}

export function readAvcC(payload: Uint8Array): AvcConfig | undefined {
  const reader = new PayloadReader(payload);
  const version = reader.u8();
  const profileIdc = reader.u8();
  const constraintFlags = reader.u8();
  const levelIdc = reader.u8();
  if (version !== 1 || profileIdc === undefined || constraintFlags === undefined || levelIdc === undefined) return undefined;
  reader.u8(); // lengthSizeMinusOne
  const spsCount = (reader.u8() ?? 0) & 0x1f;
  const spsLength = spsCount > 0 ? reader.u16() : undefined;
  const sps = spsLength !== undefined && spsLength <= reader.remaining ? parseSps(reader.rest().subarray(0, spsLength)) : undefined;
  return { profileIdc, constraintFlags, levelIdc, profile: profileName(profileIdc, constraintFlags), ...(sps ? { sps } : {}) };
}
