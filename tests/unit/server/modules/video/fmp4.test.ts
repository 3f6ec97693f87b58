import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mediaTimescale, shiftSegment } from '../../../../../server/modules/video/fmp4'
import { mediaDir } from '../../../../../server/modules/video/media.files'

const file = (name: string) => readFileSync(join(mediaDir, 'test-pattern', name))
const topBoxes = (b: Buffer) => {
  const out: string[] = []
  for (let at = 0; at < b.length; at += b.readUInt32BE(at)) out.push(b.toString('latin1', at + 4, at + 8))
  return out
}
const tfdt = (b: Buffer) => b.readBigUInt64BE(b.indexOf('tfdt', 0, 'latin1') + 8)

describe('fMP4 of the test stream', () => {
  it('reads the media timescale of the initialization segment', () => {
    expect(mediaTimescale(file('init.mp4'))).toBe(12800)
  })

  it('moves a segment’s decode time and leaves out its index, the media untouched', () => {
    const seg = file('seg001.m4s')
    expect(topBoxes(seg)).toEqual(['styp', 'sidx', 'moof', 'mdat'])
    expect(tfdt(seg)).toBe(25600n)
    const ticks = 897_964_723n * 76_800n
    const moved = shiftSegment(seg, ticks)
    expect(topBoxes(moved)).toEqual(['styp', 'moof', 'mdat'])
    expect(tfdt(moved)).toBe(25600n + ticks)
    const mdat = (b: Buffer) => b.subarray(b.indexOf('mdat', 0, 'latin1') - 4)
    expect(mdat(moved).equals(mdat(seg))).toBe(true)
    // the input is not modified
    expect(tfdt(seg)).toBe(25600n)
  })

  it('refuses what is not a well-formed segment', () => {
    expect(() => shiftSegment(Buffer.from('0000000a6d6f6f66', 'hex'), 1n)).toThrow(/bad moof box/)
    expect(() => mediaTimescale(file('seg000.m4s'))).toThrow(/mdhd/)
  })
})
