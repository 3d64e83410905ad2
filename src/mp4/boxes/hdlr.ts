// hdlr: what kind of track this is ('vide', 'soun', …).
import { PayloadReader } from './reader.js';

export function readHdlr(payload: Uint8Array): string | undefined {
  const reader = new PayloadReader(payload);
  if (!reader.fullBoxHeader()) return undefined;
  reader.skip(4); // pre_defined (QuickTime: component type)
  return reader.fourcc();
}
