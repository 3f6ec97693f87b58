// The little of ISO BMFF (ISO/IEC 14496-12) the looping test stream needs: the media timescale of the
// initialization segment, and a media segment with its decode times moved (tfdt) and its segment index (sidx,
// whose times would no longer match) left out. Only for the files ffmpeg wrote (scenes/media/generate.sh).

interface Box {
  type: string
  start: number
  /** first byte after the header */
  body: number
  end: number
}

function* boxes(b: Buffer, start: number, end: number): Generator<Box> {
  let at = start
  while (at + 8 <= end) {
    let size = b.readUInt32BE(at)
    const type = b.toString('latin1', at + 4, at + 8)
    let body = at + 8
    if (size === 1) {
      size = Number(b.readBigUInt64BE(at + 8))
      body = at + 16
    } else if (size === 0) size = end - at
    if (size < body - at || at + size > end) throw new Error(`bad ${type} box at ${at}`)
    yield { type, start: at, body, end: at + size }
    at += size
  }
}

function child(b: Buffer, parent: Box, type: string): Box | undefined {
  for (const box of boxes(b, parent.body, parent.end)) if (box.type === type) return box
  return undefined
}

/** Units per second of the first track's media time (moov/trak/mdia/mdhd). */
export function mediaTimescale(init: Buffer): number {
  const moov = [...boxes(init, 0, init.length)].find((x) => x.type === 'moov')
  const trak = moov && child(init, moov, 'trak')
  const mdia = trak && child(init, trak, 'mdia')
  const mdhd = mdia && child(init, mdia, 'mdhd')
  if (!mdhd) throw new Error('no moov/trak/mdia/mdhd in the initialization segment')
  // version 0: 32-bit creation and modification times; version 1: 64-bit
  const version = init.readUInt8(mdhd.body)
  return init.readUInt32BE(mdhd.body + (version === 1 ? 20 : 12))
}

/**
 * A copy of the media segment with `ticks` (media timescale) added to every track fragment's base media decode
 * time, without its `sidx` box. Sample data offsets are relative to their `moof` (ffmpeg's default-base-is-moof),
 * so leaving out a box before it moves nothing that matters.
 */
export function shiftSegment(segment: Buffer, ticks: bigint): Buffer {
  const kept = [...boxes(segment, 0, segment.length)].filter((x) => x.type !== 'sidx')
  const out = Buffer.concat(kept.map((x) => segment.subarray(x.start, x.end)))
  for (const moof of boxes(out, 0, out.length)) {
    if (moof.type !== 'moof') continue
    for (const traf of boxes(out, moof.body, moof.end)) {
      if (traf.type !== 'traf') continue
      const tfdt = child(out, traf, 'tfdt')
      if (!tfdt) throw new Error('a track fragment without tfdt')
      if (out.readUInt8(tfdt.body) !== 1)
        throw new Error('tfdt version 0 (32-bit) cannot hold wall-clock times')
      out.writeBigUInt64BE(out.readBigUInt64BE(tfdt.body + 4) + ticks, tfdt.body + 4)
    }
  }
  return out
}
