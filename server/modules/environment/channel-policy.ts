import { pollutantInfo } from '../../../sensors/protocols/hj212'
import type { NewChannel } from './collectors.repository'

const MEDIUM = { wastewater: 'water', waste_gas: 'air' } as const

/**
 * Whether a pollutant a collector sent without a registered channel gets one on the fly. Decision: yes for a
 * code of the HJ 212-2017 table (protocols.md) in the collector's own medium, so a 数采仪 upgraded with one
 * more analyser is not silently lost (the channel starts without thresholds, the park sets them); no for
 * anything else, which the ingest counts as an `unknown_code` rejection. The table bounds what device input
 * can add to the registry to about ten channels per collector.
 */
export function newChannelFor(code: string, measure: keyof typeof MEDIUM): NewChannel | null {
  const info = pollutantInfo(code)
  if (!info || info.code !== code || info.medium !== MEDIUM[measure]) return null
  return { code, name: info.nameZh, name_en: info.nameEn, unit: info.unit }
}
