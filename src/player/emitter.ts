// The player's events: typed listeners per event name.
import type { ChunkPlayerEvent, ChunkPlayerEventMap } from './types.js';

type Listeners = { [K in ChunkPlayerEvent]: Set<(detail: ChunkPlayerEventMap[K]) => void> };

export interface Emitter {
  emit<K extends ChunkPlayerEvent>(type: K, detail: ChunkPlayerEventMap[K]): void;
  on<K extends ChunkPlayerEvent>(type: K, listener: (detail: ChunkPlayerEventMap[K]) => void): () => void;
}

export function createEmitter(): Emitter {
  const listeners = { firstframe: new Set(), stall: new Set(), resume: new Set(), boundary: new Set(), error: new Set(), ended: new Set() } as Listeners;
  return {
    emit(type, detail) { for (const listener of listeners[type]) (listener as (value: typeof detail) => void)(detail); },
    on(type, listener) {
      (listeners[type] as Set<typeof listener>).add(listener);
      return () => void (listeners[type] as Set<typeof listener>).delete(listener);
    },
  };
}
