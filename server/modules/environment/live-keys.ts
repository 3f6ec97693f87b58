/** Live-cache hashes of the environment data path (Bus.setLatest / getLatest). */
export const liveKeys = {
  /** sensor id → latest ReadingValue (real-time or minute data), written by the ingest after each commit */
  readings: 'live:readings',
  /** `<protocol>@<node>` → RejectionCounters of that ingest listener */
  ingestRejections: 'live:ingest-rejections',
} as const
