import {
  documentTypes,
  type DocumentQuery,
  type DocumentSummary,
} from '../../../../server/contracts/documents'
import { documentsApi, type DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import type { WorkbenchTab } from '../../workbench'
import { list } from '../../widgets'
import { openDocumentViewer } from './doc-viewer'
import { tx, typeName } from './doc-texts'
import { parseTags, sortDocuments, validityColour } from './documents.model'
import { openUploadDialog } from './upload-dialog'

type TabApi = Pick<DocumentsApi, 'search' | 'get' | 'fileUrl' | 'create' | 'addVersion'>

/**
 * 文档管理: search and filter (title/number, type, validity, tags, expiry range), the list (expired and expiring
 * first, coloured), upload, and a click opens the viewer (preview, download, versions, reminders).
 */
export function documentsTab(api: TabApi = documentsApi): WorkbenchTab {
  return {
    id: 'document-list',
    title: () => tx('tab'),
    mount() {
      const ctrl = new AbortController()
      const q = h('input', {
        type: 'search',
        placeholder: tx('search'),
        'data-testid': 'doc-search-q',
      }) as HTMLInputElement
      const type = h(
        'select',
        { 'data-testid': 'doc-search-type' },
        h('option', { value: '' }, tx('allTypes')),
        documentTypes.map((t) => h('option', { value: t }, typeName(t))),
      ) as HTMLSelectElement
      const validity = h(
        'select',
        { 'data-testid': 'doc-search-validity' },
        h('option', { value: '' }, tx('allValidity')),
        (['expired', 'expiring', 'valid', 'none'] as const).map((v) =>
          h('option', { value: v }, tx(v === 'none' ? 'noExpiry' : v)),
        ),
      ) as HTMLSelectElement
      const tags = h('input', {
        type: 'text',
        placeholder: tx('tags'),
        'data-testid': 'doc-search-tags',
      }) as HTMLInputElement
      const from = h('input', {
        type: 'date',
        title: tx('expiresFrom'),
        'data-testid': 'doc-search-from',
      }) as HTMLInputElement
      const to = h('input', {
        type: 'date',
        title: tx('expiresTo'),
        'data-testid': 'doc-search-to',
      }) as HTMLInputElement
      const slot = h('div', { 'data-testid': 'doc-list' }, h('div', { class: 'muted' }, tx('loading')))
      const count = h('span', { class: 'muted', 'data-testid': 'doc-count' })
      let seq = 0

      const draw = (docs: DocumentSummary[]) => {
        count.textContent = tx('count', { n: docs.length })
        slot.replaceChildren(
          list(
            sortDocuments(docs).map((d) => ({
              key: d.id,
              colour: validityColour[d.validity],
              main: d.title,
              sub: [
                typeName(d.doc_type),
                d.owner_name ?? d.owner_id,
                d.doc_number,
                d.tags.map((t) => `#${t}`).join(' '),
              ]
                .filter(Boolean)
                .join(' · '),
              side: d.current?.expires_on
                ? `${tx(d.validity === 'none' ? 'noExpiry' : d.validity)} ${d.current.expires_on}`
                : tx('noExpiry'),
              onClick: () => openDocumentViewer(d.id, api),
            })),
          ),
        )
      }
      const load = () => {
        const mine = ++seq
        const f: Partial<DocumentQuery> = {}
        if (q.value.trim()) f.q = q.value.trim()
        if (type.value) f.type = type.value as DocumentQuery['type']
        if (validity.value) f.validity = validity.value as DocumentQuery['validity']
        const t = parseTags(tags.value)
        if (t.length) f.tags = t.join(',')
        if (from.value) f.expires_from = from.value
        if (to.value) f.expires_to = to.value
        api.search(f, ctrl.signal).then(
          (docs) => mine === seq && draw(docs),
          () =>
            mine === seq &&
            !ctrl.signal.aborted &&
            slot.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
        )
      }
      let debounce: ReturnType<typeof setTimeout> | null = null
      const later = () => {
        if (debounce) clearTimeout(debounce)
        debounce = setTimeout(load, 300)
      }
      for (const el of [q, tags]) el.addEventListener('input', later)
      for (const el of [type, validity, from, to]) el.addEventListener('change', load)
      const el = h(
        'div',
        { class: 'panel-body' },
        h(
          'div',
          { style: 'display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-bottom:8px' },
          q,
          type,
          validity,
          tags,
          from,
          to,
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'doc-upload-open',
              onclick: () => openUploadDialog(api, { onDone: load }),
            },
            tx('upload'),
          ),
          count,
        ),
        slot,
      )
      load()
      return {
        el,
        destroy() {
          ctrl.abort()
          if (debounce) clearTimeout(debounce)
        },
      }
    },
  }
}
