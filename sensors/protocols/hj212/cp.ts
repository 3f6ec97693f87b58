import { toCode2017 } from './codes'
import {
  isDataFlag,
  POLLUTANT_FIELDS,
  type Hj212Cp,
  type PollutantField,
  type PollutantValue,
} from './packet'
import { clip, reject, type Hj212Rejection } from './result'
import { cstToIso } from './time'

// CP items: HJ 212-2017 §6.3 — `;` separates groups (one pollutant, or one device), `,` separates items in a
// group, each item is key=value. Devices differ in case (`-rtd`), so field names match case-insensitively.
const POLLUTANT_KEY = /^([A-Za-z0-9]{1,20})-(Rtd|Min|Avg|Max|Cou|ZsRtd|ZsAvg|ZsMin|ZsMax|Flag)$/i
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const FIELD_BY_LOWER = new Map<string, PollutantField>(POLLUTANT_FIELDS.map((f) => [f.toLowerCase(), f]))

function parseValue(text: string): number | null {
  if (!NUMBER.test(text)) return null
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

function attachFlags(values: PollutantValue[], flags: Map<string, string>, other: Map<string, string>): void {
  for (const value of values) {
    const sent = flags.get(value.originalCode)
    if (sent === undefined || sent === '') continue
    const upper = sent.toUpperCase()
    if (isDataFlag(upper)) value.flag = upper
    else value.flagRaw = sent
  }
  // a flag for a code with no value in this packet is still information: keep it
  for (const [code, flag] of flags) {
    if (!values.some((v) => v.originalCode === code)) other.set(`${code}-Flag`, flag)
  }
}

export function parseCp(raw: string): { ok: true; cp: Hj212Cp } | Hj212Rejection {
  let dataTime: string | undefined
  const values: PollutantValue[] = []
  const seen = new Set<string>()
  const flags = new Map<string, string>()
  const other = new Map<string, string>()
  for (const group of raw.split(';')) {
    for (const item of group.split(',')) {
      if (item === '') continue // trailing `;` and `,,` are common and harmless
      const eq = item.indexOf('=')
      if (eq <= 0) return reject('bad_field', `CP item is not key=value: ${clip(item)}`, { field: 'CP' })
      const key = item.slice(0, eq)
      const text = item.slice(eq + 1)
      if (key.toLowerCase() === 'datatime') {
        if (dataTime !== undefined && dataTime !== text) {
          return reject('bad_datatime', 'two different DataTime in CP', { field: 'DataTime' })
        }
        if (cstToIso(text) === undefined)
          return reject('bad_datatime', `DataTime ${clip(text)}`, { field: 'DataTime' })
        dataTime = text
        continue
      }
      const match = POLLUTANT_KEY.exec(key)
      if (!match) {
        if (!other.has(key)) other.set(key, text)
        continue
      }
      const sentCode = match[1]!
      const fieldLower = match[2]!.toLowerCase()
      if (fieldLower === 'flag') {
        const previous = flags.get(sentCode)
        if (previous !== undefined && previous !== text) {
          return reject('bad_field', `two different flags for ${sentCode}`, { field: key })
        }
        flags.set(sentCode, text)
        continue
      }
      const field = FIELD_BY_LOWER.get(fieldLower)!
      const code = toCode2017(sentCode)
      // a repeated value (or a 2005 and a 2017 code for one pollutant) would make the stored value ambiguous
      if (seen.has(`${code}-${field}`))
        return reject('bad_field', `repeated ${code}-${field}`, { field: key })
      seen.add(`${code}-${field}`)
      values.push({ code, originalCode: sentCode, field, value: parseValue(text) })
    }
  }
  attachFlags(values, flags, other)
  const cp: Hj212Cp = { values, other: Object.fromEntries(other), raw }
  if (dataTime !== undefined) {
    cp.dataTime = dataTime
    cp.dataTimeIso = cstToIso(dataTime)
  }
  return { ok: true, cp }
}
