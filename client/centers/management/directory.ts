import type { AssetKind } from '../../../server/contracts'
import type { ParkData } from '../../app/park-data'
import type { Selection } from '../../twin/pick-id'

/** One row of the park directory: an enterprise or an asset, with the text it is searched by. */
export interface DirectoryEntry {
  selection: Selection
  kind: AssetKind | 'enterprise'
  name: string
  nameEn: string | null
  enterpriseId: string | null
  /** lower-cased id, names, chemical and CAS */
  haystack: string
}

export function buildDirectory(data: ParkData): DirectoryEntry[] {
  const entries: DirectoryEntry[] = data.enterprises.features.map((e) => ({
    selection: { type: 'enterprise', id: e.id },
    kind: 'enterprise',
    name: e.properties.name,
    nameEn: e.properties.name_en,
    enterpriseId: e.id,
    haystack: [e.id, e.properties.name, e.properties.name_en, e.properties.industry, e.properties.credit_code]
      .join(' ')
      .toLowerCase(),
  }))
  for (const a of data.assets.features) {
    const p = a.properties
    const extra = ['chemical', 'chemical_en', 'cas', 'measure', 'mn']
      .map((k) => p.props[k])
      .filter((v) => typeof v === 'string')
    entries.push({
      selection: { type: 'asset', id: a.id },
      kind: p.kind,
      name: p.name,
      nameEn: p.name_en,
      enterpriseId: p.enterprise_id,
      haystack: [a.id, p.name, p.name_en ?? '', ...extra].join(' ').toLowerCase(),
    })
  }
  return entries
}

/** Entries of `kind` (or all) whose text contains every word of `query`. */
export function searchDirectory(
  entries: readonly DirectoryEntry[],
  query: string,
  kind: DirectoryEntry['kind'] | 'all',
): DirectoryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return entries.filter(
    (e) => (kind === 'all' || e.kind === kind) && words.every((w) => e.haystack.includes(w)),
  )
}
