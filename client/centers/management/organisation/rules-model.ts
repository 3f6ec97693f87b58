import type { DocumentSummary, DocumentType } from '../../../../server/contracts/documents'

// Pure model of the rules and policy library (管理制度 / 政策法规): documents of the existing document store grouped
// by type, then by category (a document's first tag), each with its current version and effective dates.

export interface LibraryEntry {
  id: string
  title: string
  docNumber: string | null
  version: number
  /** the current version's issue day: when it took effect (实施日期) */
  effective: string | null
  expires: string | null
  validity: DocumentSummary['validity']
  tags: string[]
}
export interface LibraryGroup {
  /** the first tag; null: no tag */
  category: string | null
  entries: LibraryEntry[]
}
export interface LibrarySection {
  type: Extract<DocumentType, 'rule' | 'policy'>
  groups: LibraryGroup[]
  count: number
}

const entryOf = (d: DocumentSummary): LibraryEntry => ({
  id: d.id,
  title: d.title,
  docNumber: d.doc_number,
  version: d.current_version,
  effective: d.current?.issued_on ?? null,
  expires: d.current?.expires_on ?? null,
  validity: d.validity,
  tags: d.tags,
})

/**
 * Rules first, then policies; in each, categories in name order with the untagged last; in each category the newest
 * effective date first (then title).
 */
export function librarySections(docs: readonly DocumentSummary[]): LibrarySection[] {
  return (['rule', 'policy'] as const).map((type) => {
    const mine = docs.filter((d) => d.doc_type === type)
    const byCat = new Map<string | null, LibraryEntry[]>()
    for (const d of mine) {
      const cat = d.tags[0] ?? null
      byCat.set(cat, [...(byCat.get(cat) ?? []), entryOf(d)])
    }
    const groups = [...byCat]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-CN')))
      .map(([category, entries]) => ({
        category,
        entries: entries.sort(
          (x, y) =>
            (y.effective ?? '').localeCompare(x.effective ?? '') || x.title.localeCompare(y.title, 'zh-CN'),
        ),
      }))
    return { type, groups, count: mine.length }
  })
}
