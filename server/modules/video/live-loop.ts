// A live HLS playlist (RFC 8216) that loops a short recording forever, so the demo's cameras behave as real
// ones do behind an RTSP → HLS gateway: a sliding window of segments whose media sequence and timestamps follow
// the wall clock. Segment number k (counted from the Unix epoch) plays file k mod n of the recording, its
// decode times moved by whole loops (fmp4.ts), so the timeline never jumps back and no discontinuity is needed
// (hls.js walks its per-discontinuity arrays from 0 up to the discontinuity number: an epoch-sized one stalls it).

export interface LoopSegment {
  /** file name in the stream's folder */
  uri: string
  /** seconds */
  duration: number
}

export interface LoopStream {
  /** the fMP4 initialization segment (`#EXT-X-MAP`) */
  map: string
  segments: LoopSegment[]
  /** seconds of wall clock per segment: the recording is cut at equal key-frame intervals */
  step: number
}

export interface LiveLoopOptions {
  /** segments listed at once (hls.js starts 3 target durations behind the live edge) */
  window: number
}

/** The recording of a VOD fMP4 playlist written by ffmpeg (`#EXT-X-MAP:URI=...`, `#EXTINF:<s>,` then the URI). */
export function parseVodPlaylist(text: string): LoopStream {
  const segments: LoopSegment[] = []
  let map: string | null = null
  let duration: number | null = null
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line.startsWith('#EXT-X-MAP:')) map = /URI="([^"]+)"/.exec(line)?.[1] ?? null
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length))
    else if (line && !line.startsWith('#') && duration !== null) {
      if (!Number.isFinite(duration) || duration <= 0) throw new Error(`bad segment duration before ${line}`)
      segments.push({ uri: line, duration })
      duration = null
    }
  }
  if (!segments.length) throw new Error('no segments in the playlist')
  if (!map) throw new Error('not an fMP4 playlist (no #EXT-X-MAP)')
  const step = segments[0]!.duration
  if (segments.some((s) => Math.abs(s.duration - step) > 1e-3))
    throw new Error('the segments must be of equal duration (cut at a fixed key-frame interval)')
  return { map, segments, step }
}

/** Which file segment number k plays, and how many whole loops its decode times move. */
export function loopPosition(stream: LoopStream, k: number): { segment: LoopSegment; loops: number } {
  const n = stream.segments.length
  return { segment: stream.segments[k % n]!, loops: Math.floor(k / n) }
}

/** The playlist at `nowMs`: the `window` newest segments already "recorded" in full. */
export function liveLoopPlaylist(stream: LoopStream, nowMs: number, o: LiveLoopOptions): string {
  const { step } = stream
  const last = Math.floor(nowMs / 1000 / step) - 1
  const first = Math.max(0, last - o.window + 1)
  const lines = [
    '#EXTM3U',
    // EXT-X-MAP outside an I-frame playlist needs version 6
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${Math.ceil(step)}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-MAP:URI="${stream.map}"`,
    // media time is wall-clock time: segment k starts k × step seconds after the epoch
    `#EXT-X-PROGRAM-DATE-TIME:${new Date(first * step * 1000).toISOString()}`,
  ]
  for (let k = first; k <= last; k++) {
    const { segment } = loopPosition(stream, k)
    lines.push(`#EXTINF:${segment.duration.toFixed(3)},`)
    lines.push(`${segment.uri}?k=${k}`)
  }
  return lines.join('\n') + '\n'
}
