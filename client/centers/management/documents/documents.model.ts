import type {
  DocumentSummary,
  DocumentType,
  OwnerType,
  Validity,
} from '../../../../server/contracts/documents'

// Pure helpers of the document views (unit-tested): colours, ordering, sizes, the viewer kind, the upload query
// and the compliance table's totals.

export const validityColour: Record<Validity, string> = {
  expired: '#ff4d4f',
  expiring: '#faad14',
  valid: '#52c41a',
  none: '#8c9bab',
}

const urgency: Record<Validity, number> = { expired: 0, expiring: 1, valid: 2, none: 3 }

/** Expired first, then expiring (soonest first), then valid, then no expiry; ties by title. */
export function sortDocuments<T extends Pick<DocumentSummary, 'validity' | 'title' | 'current'>>(
  docs: readonly T[],
): T[] {
  return [...docs].sort(
    (a, b) =>
      urgency[a.validity] - urgency[b.validity] ||
      (a.current?.expires_on ?? '9999').localeCompare(b.current?.expires_on ?? '9999') ||
      a.title.localeCompare(b.title, 'zh-CN'),
  )
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} B`
}

/** How the viewer shows a file: a PDF frame, an image, or not at all (download only). */
export function viewerKind(mime: string): 'pdf' | 'image' | null {
  if (mime === 'application/pdf') return 'pdf'
  if (/^image\/(png|jpeg|gif|webp)$/.test(mime)) return 'image'
  return null
}

/** "a, b ,, c" → ['a', 'b', 'c'] (trimmed, no empties, no repeats). */
export function parseTags(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[,，]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
}

export interface UploadForm {
  title: string
  doc_type: DocumentType
  owner_type: OwnerType
  owner_id: string
  doc_number: string
  tags: string
  issued_on: string
  expires_on: string
  public: boolean
}

/** The query of POST /documents from the form: empty fields left out, the park owns without an owner id. */
export function uploadQuery(f: UploadForm): Record<string, string> {
  const q: Record<string, string> = {
    title: f.title.trim(),
    doc_type: f.doc_type,
    owner_type: f.owner_type,
  }
  if (f.owner_type !== 'park' && f.owner_id.trim()) q.owner_id = f.owner_id.trim()
  if (f.doc_number.trim()) q.doc_number = f.doc_number.trim()
  const tags = parseTags(f.tags)
  if (tags.length) q.tags = tags.join(',')
  if (f.issued_on) q.issued_on = f.issued_on
  if (f.expires_on) q.expires_on = f.expires_on
  if (f.owner_type === 'park' && f.public) q.public = 'true'
  return q
}

/** Reminder days as typed ("90, 30, 7, 0") → sorted descending numbers, or null when not valid. */
export function parseDays(s: string): number[] | null {
  const parts = s
    .split(/[,，\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)
  if (!parts.every((p) => /^\d{1,4}$/.test(p))) return null
  const days = parts.map(Number)
  if (days.some((d) => d > 3650) || new Set(days).size !== days.length || days.length > 10) return null
  return days.sort((a, b) => b - a)
}

export interface ComplianceRow {
  key: string
  enterprise_id: string | null
  label: string
  valid: number
  expiring: number
  expired: number
  none: number
}

/** Compliance cells folded to one row per enterprise (park first, then by id), worst first within equal ids. */
export function complianceByEnterprise(
  cells: readonly {
    enterprise_id: string | null
    enterprise_name: string | null
    valid: number
    expiring: number
    expired: number
    none: number
  }[],
  parkLabel: string,
): ComplianceRow[] {
  const rows = new Map<string, ComplianceRow>()
  for (const c of cells) {
    const key = c.enterprise_id ?? ''
    const r =
      rows.get(key) ??
      ({
        key,
        enterprise_id: c.enterprise_id,
        label: c.enterprise_name ?? parkLabel,
        valid: 0,
        expiring: 0,
        expired: 0,
        none: 0,
      } as ComplianceRow)
    r.valid += c.valid
    r.expiring += c.expiring
    r.expired += c.expired
    r.none += c.none
    rows.set(key, r)
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key))
}
