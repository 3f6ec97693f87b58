// Pollutant codes of HJ 212-2017 Appendix B with the HJ/T 212-2005 codes older 数采仪 still send.
// Source: /shared/domain/protocols.md, which supersedes public code tables that mislabel codes.

export type Medium = 'water' | 'air'

export interface PollutantCode {
  /** HJ 212-2017 code */
  code: string
  /** HJ/T 212-2005 code, where the table gives one */
  oldCode?: string
  nameZh: string
  nameEn: string
  medium: Medium
  /** unit of Rtd/Min/Avg/Max; null when dimensionless (pH) */
  unit: string | null
}

export const POLLUTANT_CODES: readonly PollutantCode[] = [
  { code: 'w00000', oldCode: 'B01', nameZh: '污水流量', nameEn: 'flow', medium: 'water', unit: 'L/s' },
  { code: 'w01001', oldCode: '001', nameZh: 'pH值', nameEn: 'pH', medium: 'water', unit: null },
  { code: 'w01018', oldCode: '011', nameZh: '化学需氧量', nameEn: 'COD', medium: 'water', unit: 'mg/L' },
  { code: 'w21003', oldCode: '060', nameZh: '氨氮', nameEn: 'NH3-N', medium: 'water', unit: 'mg/L' },
  { code: 'w21001', oldCode: '065', nameZh: '总氮', nameEn: 'total N', medium: 'water', unit: 'mg/L' },
  { code: 'w21011', oldCode: '101', nameZh: '总磷', nameEn: 'total P', medium: 'water', unit: 'mg/L' },
  { code: 'w01010', nameZh: '水温', nameEn: 'water temperature', medium: 'water', unit: '℃' },
  { code: 'w22001', oldCode: '080', nameZh: '石油类', nameEn: 'petroleum', medium: 'water', unit: 'mg/L' },
  { code: 'a00000', oldCode: 'B02', nameZh: '废气流量', nameEn: 'flow', medium: 'air', unit: 'm³/s' },
  { code: 'a21026', oldCode: '02', nameZh: '二氧化硫', nameEn: 'SO2', medium: 'air', unit: 'mg/m³' },
  { code: 'a21002', oldCode: '03', nameZh: '氮氧化物', nameEn: 'NOx', medium: 'air', unit: 'mg/m³' },
  { code: 'a21005', oldCode: '04', nameZh: '一氧化碳', nameEn: 'CO', medium: 'air', unit: 'mg/m³' },
  { code: 'a34013', oldCode: '01', nameZh: '颗粒物', nameEn: 'particulates', medium: 'air', unit: 'mg/m³' },
  { code: 'a19001', oldCode: 'S01', nameZh: '氧气含量', nameEn: 'O2', medium: 'air', unit: '%' },
  { code: 'a24088', nameZh: '非甲烷总烃', nameEn: 'NMHC', medium: 'air', unit: 'mg/m³' },
  { code: 'a25002', nameZh: '苯', nameEn: 'benzene', medium: 'air', unit: 'mg/m³' },
  { code: 'a25003', nameZh: '甲苯', nameEn: 'toluene', medium: 'air', unit: 'mg/m³' },
  { code: 'a25005', nameZh: '二甲苯', nameEn: 'xylene', medium: 'air', unit: 'mg/m³' },
  { code: 'a21028', nameZh: '硫化氢', nameEn: 'H2S', medium: 'air', unit: 'mg/m³' },
  { code: 'a21024', nameZh: '氯化氢', nameEn: 'HCl', medium: 'air', unit: 'mg/m³' },
  { code: 'a21001', nameZh: '氨', nameEn: 'NH3', medium: 'air', unit: 'mg/m³' },
]

const byCode = new Map(POLLUTANT_CODES.map((entry) => [entry.code, entry]))
const byOldCode = new Map(
  POLLUTANT_CODES.flatMap((entry) => (entry.oldCode ? [[entry.oldCode, entry] as const] : [])),
)

/**
 * The 2017 code for a code as sent. 2005 codes in the table are mapped (`011` → `w01018`); everything else
 * (2017 codes, codes outside the table) is returned unchanged, so unknown pollutants are kept, not dropped.
 */
export function toCode2017(sent: string): string {
  return byOldCode.get(sent)?.code ?? sent
}

/** Table entry for a 2017 or 2005 code, or undefined for codes outside the table. */
export function pollutantInfo(code: string): PollutantCode | undefined {
  return byCode.get(code) ?? byOldCode.get(code)
}
