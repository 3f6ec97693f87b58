import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  liveLoopPlaylist,
  loopPosition,
  parseVodPlaylist,
} from '../../../../../server/modules/video/live-loop'
import { mediaDir } from '../../../../../server/modules/video/media.files'

const recording = parseVodPlaylist(readFileSync(join(mediaDir, 'test-pattern/index.m3u8'), 'utf8'))
const lines = (text: string) => text.trimEnd().split('\n')

describe('the looping live playlist', () => {
  it('reads the committed recording: fMP4, three 2 s segments', () => {
    expect(recording).toEqual({
      map: 'init.mp4',
      step: 2,
      segments: ['seg000.m4s', 'seg001.m4s', 'seg002.m4s'].map((uri) => ({ uri, duration: 2 })),
    })
  })

  it('refuses a playlist it cannot loop', () => {
    expect(() => parseVodPlaylist('#EXTM3U\n#EXT-X-ENDLIST\n')).toThrow(/no segments/)
    expect(() => parseVodPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n')).toThrow(/fMP4/)
    expect(() =>
      parseVodPlaylist('#EXTM3U\n#EXT-X-MAP:URI="i.mp4"\n#EXTINF:2,\na.m4s\n#EXTINF:1.5,\nb.m4s\n'),
    ).toThrow(/equal duration/)
  })

  it('lists the window of complete segments, numbered and dated from the epoch', () => {
    // at …:05.5 the segment that began at …:04 is still being "recorded"
    const now = Date.UTC(2026, 10, 28, 8, 0, 5, 500)
    const k = Math.floor(now / 2000)
    expect(lines(liveLoopPlaylist(recording, now, { window: 4 }))).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-TARGETDURATION:2',
      `#EXT-X-MEDIA-SEQUENCE:${k - 4}`,
      '#EXT-X-MAP:URI="init.mp4"',
      `#EXT-X-PROGRAM-DATE-TIME:${new Date((k - 4) * 2000).toISOString()}`,
      ...[k - 4, k - 3, k - 2, k - 1].flatMap((n) => ['#EXTINF:2.000,', `seg00${n % 3}.m4s?k=${n}`]),
    ])
  })

  it('slides by one segment every 2 s and never goes back', () => {
    const seq = (ms: number) =>
      Number(/MEDIA-SEQUENCE:(\d+)/.exec(liveLoopPlaylist(recording, ms, { window: 6 }))![1])
    const t0 = Date.UTC(2026, 10, 28)
    expect(seq(t0 + 1999) - seq(t0)).toBe(0)
    expect(seq(t0 + 2000) - seq(t0)).toBe(1)
    expect(seq(t0 + 60_000) - seq(t0)).toBe(30)
  })

  it('plays file k mod 3, moved by k div 3 whole loops', () => {
    expect(loopPosition(recording, 0)).toEqual({ segment: recording.segments[0], loops: 0 })
    expect(loopPosition(recording, 7)).toEqual({ segment: recording.segments[1], loops: 2 })
  })
})
