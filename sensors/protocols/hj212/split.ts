import { byteLength } from './bytes'
import { formatCp } from './cp-format'
import { encodePacket, encodeSegment, type EncodePacketInput } from './encode'
import { COMMON_SEGMENT_LENGTH, MAX_SEGMENT_LENGTH } from './frame-format'
import { encodeFlag } from './packet'

/**
 * Splits one logical packet whose data segment is too long into PNUM packets (HJ 212-2017 §6.3 and Appendix C:
 * Flag bit 1 set, PNUM = count, PNO = 1..PNUM, same QN/CN/MN in each). The CP is cut only between `;` groups so
 * no pollutant's fields are torn apart, and a leading `DataTime=` group is repeated in every part so each part
 * is storable by itself under the natural key (MN, CN, DataTime, PNO).
 * Returns one unsplit frame when everything fits. Throws RangeError when a single group cannot fit.
 */
export function encodeSplitPackets(
  input: EncodePacketInput,
  maxSegmentLength = COMMON_SEGMENT_LENGTH,
): string[] {
  const limit = Math.min(maxSegmentLength, MAX_SEGMENT_LENGTH)
  const cp = typeof input.cp === 'string' ? input.cp : formatCp(input.cp)
  const whole = { ...input, cp }
  if (byteLength(encodeSegment(whole)) <= limit) return [encodePacket(whole)]

  // the reassembler keys parts by (MN, QN, CN), so a split packet needs a QN
  if (input.qn === undefined) throw new RangeError('HJ 212 split: a split packet needs a QN')
  const groups = cp.split(';').filter((group) => group !== '')
  const dataTime = groups[0]?.startsWith('DataTime=') ? groups.shift() : undefined
  const flag = encodeFlag(input.flag) | 2
  // Budget with the widest PNUM/PNO (4 digits each), so real numbers only make the segments shorter.
  const emptyLength = byteLength(encodeSegment({ ...input, flag, pnum: 9999, pno: 9999, cp: dataTime ?? '' }))
  const parts: string[][] = []
  let current: string[] = []
  let used = emptyLength
  for (const group of groups) {
    const cost = byteLength(group) + 1 // the `;` before it
    if (emptyLength + cost > limit)
      throw new RangeError(`HJ 212 split: a CP group of ${cost} bytes cannot fit`)
    if (used + cost > limit && current.length > 0) {
      parts.push(current)
      current = []
      used = emptyLength
    }
    current.push(group)
    used += cost
  }
  if (current.length > 0) parts.push(current)
  if (parts.length > 9999) throw new RangeError('HJ 212 split: more than 9999 parts')

  return parts.map((part, index) =>
    encodePacket({
      ...input,
      flag,
      pnum: parts.length,
      pno: index + 1,
      cp: (dataTime ? [dataTime, ...part] : part).join(';'),
    }),
  )
}
