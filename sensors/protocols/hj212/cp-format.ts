import type { DataFlag, PollutantField } from './packet'
import { formatDataTime } from './time'

export interface PollutantValueInput {
  /** sent as given: a 2017 code, or a 2005 code to imitate an old 数采仪 */
  code: string
  field: PollutantField
  /** null is sent as an empty value, as devices do when the instrument is off */
  value: number | null
  flag?: DataFlag
  /** fixed decimals (`35.20`); default: the shortest text of the number */
  digits?: number
}

export interface CpInput {
  /** a Date (written in China Standard Time) or the 14 digits as they should appear */
  dataTime?: Date | string
  values?: readonly PollutantValueInput[]
  /** other items in order (`RtdInterval=30`, `SB1-RS=1`); written after the values */
  other?: Record<string, string> | readonly (readonly [string, string])[]
}

function formatValue(input: PollutantValueInput): string {
  if (input.value === null) return ''
  if (!Number.isFinite(input.value)) throw new RangeError(`HJ 212 CP: ${input.code} value is not finite`)
  return input.digits === undefined ? String(input.value) : input.value.toFixed(input.digits)
}

function checkText(text: string, what: string): string {
  // HJ 212-2017 §6.3: these characters delimit the segment; a value holding one would corrupt the packet.
  if (/[;,=&\r\n]/.test(text))
    throw new RangeError(`HJ 212 CP: ${what} ${JSON.stringify(text)} has a delimiter`)
  return text
}

/**
 * CP content (what goes between `&&` and `&&`): `DataTime=…;` then one `;`-separated group per pollutant with
 * its fields `,`-separated and its data flag last (`w01018-Rtd=35.2,w01018-Flag=N`), HJ 212-2017 Appendix C.
 */
export function formatCp(input: CpInput): string {
  const groups: string[] = []
  if (input.dataTime !== undefined) {
    const text = typeof input.dataTime === 'string' ? input.dataTime : formatDataTime(input.dataTime)
    groups.push(`DataTime=${checkText(text, 'DataTime')}`)
  }
  const byCode = new Map<string, { items: string[]; flag?: DataFlag }>()
  for (const value of input.values ?? []) {
    const group = byCode.get(value.code) ?? { items: [] }
    byCode.set(value.code, group)
    group.items.push(`${checkText(value.code, 'code')}-${value.field}=${formatValue(value)}`)
    if (value.flag === undefined) continue
    if (group.flag !== undefined && group.flag !== value.flag) {
      throw new RangeError(`HJ 212 CP: ${value.code} has two data flags`)
    }
    group.flag = value.flag
  }
  for (const [code, group] of byCode) {
    groups.push([...group.items, ...(group.flag ? [`${code}-Flag=${group.flag}`] : [])].join(','))
  }
  const other = Array.isArray(input.other) ? input.other : Object.entries(input.other ?? {})
  for (const [key, value] of other) groups.push(`${checkText(key, 'key')}=${checkText(value, 'value')}`)
  return groups.join(';')
}
