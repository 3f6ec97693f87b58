import type { DocumentDetail, DocumentVersion } from '../../../../server/contracts/documents'
import { documentsApi, type DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import { openDialog, type DialogHandle } from '../../../shell/dialog'
import { tx, typeName } from './doc-texts'
import { formatSize, validityColour, viewerKind } from './documents.model'
import { openUploadDialog } from './upload-dialog'

type ViewerApi = Pick<DocumentsApi, 'get' | 'fileUrl' | 'addVersion' | 'create'>

/**
 * The file shown in the page: fetched and displayed from a blob: URL (the API's answers carry
 * `X-Frame-Options: DENY`, so a frame cannot load them directly); PDFs in an <iframe>, images in an <img>.
 */
function preview(api: ViewerApi, d: DocumentDetail, v: DocumentVersion, signal: AbortSignal, urls: string[]) {
  const kind = viewerKind(v.mime)
  if (!kind) return h('div', { class: 'muted', 'data-testid': 'doc-no-preview' }, tx('noPreview'))
  const slot = h(
    'div',
    { 'data-testid': 'doc-preview', 'data-kind': kind },
    h('div', { class: 'muted' }, tx('loading')),
  )
  fetch(api.fileUrl(d.id, v.id, true), { credentials: 'same-origin', signal })
    .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
    .then((blob) => {
      const url = URL.createObjectURL(blob)
      urls.push(url)
      slot.replaceChildren(
        kind === 'pdf'
          ? h('iframe', {
              src: url,
              title: v.filename,
              style: 'width:100%;height:60vh;border:0;background:#fff',
            })
          : h('img', { src: url, alt: v.filename, style: 'max-width:100%;max-height:60vh' }),
      )
    })
    .catch(() => {
      if (!signal.aborted) slot.replaceChildren(h('div', { class: 'muted' }, tx('unavailable')))
    })
  return slot
}

function versionRow(
  api: ViewerApi,
  d: DocumentDetail,
  v: DocumentVersion,
  show: (v: DocumentVersion) => void,
) {
  return h(
    'tr',
    { 'data-testid': 'doc-version', 'data-version': v.version },
    h('td', {}, `v${v.version}`),
    h('td', {}, v.filename),
    h('td', {}, formatSize(v.size_bytes)),
    h('td', {}, v.issued_on ?? ''),
    h('td', {}, v.expires_on ?? tx('noExpiry')),
    h('td', {}, v.uploaded_at.slice(0, 10)),
    h(
      'td',
      {},
      viewerKind(v.mime) &&
        h(
          'a',
          { href: '#', onclick: ((e: Event) => (e.preventDefault(), show(v))) as EventListener },
          tx('view'),
        ),
      ' ',
      h(
        'a',
        { href: api.fileUrl(d.id, v.id, false), download: v.filename, 'data-testid': 'doc-download' },
        tx('download'),
      ),
    ),
  )
}

function render(dlg: DialogHandle, api: ViewerApi, d: DocumentDetail, urls: string[], reload: () => void) {
  let shown = d.current
  const previewSlot = h('div', {})
  const show = (v: DocumentVersion | null) => {
    shown = v
    previewSlot.replaceChildren(
      v ? preview(api, d, v, dlg.signal, urls) : h('div', { class: 'muted' }, tx('none')),
    )
  }
  const exp = d.current?.expires_on
  dlg.body.replaceChildren(
    h(
      'div',
      { 'data-testid': 'doc-meta', style: 'margin-bottom:8px' },
      h(
        'span',
        { style: `color:${validityColour[d.validity]}` },
        '● ',
        tx(d.validity === 'none' ? 'noExpiry' : d.validity),
      ),
      ` · ${typeName(d.doc_type)}`,
      d.doc_number ? ` · ${d.doc_number}` : '',
      ` · ${tx('owner')}: ${d.owner_name ?? d.owner_id}`,
      exp ? ` · ${tx('expires')} ${exp}` : '',
      d.tags.length ? h('div', { class: 'muted' }, d.tags.map((t) => `#${t}`).join(' ')) : null,
    ),
    h(
      'div',
      { style: 'display:flex;gap:8px;margin-bottom:8px' },
      shown &&
        h(
          'a',
          {
            href: api.fileUrl(d.id, shown.id, false),
            download: shown.filename,
            'data-testid': 'doc-download-current',
          },
          tx('download'),
        ),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'doc-new-version',
          onclick: () => openUploadDialog(api, { document: d, onDone: reload }),
        },
        tx('newVersion'),
      ),
    ),
    previewSlot,
    h('div', { class: 'section-title' }, tx('versions')),
    h(
      'table',
      { class: 'table', 'data-testid': 'doc-versions' },
      h(
        'tbody',
        {},
        d.versions.map((v) => versionRow(api, d, v, show)),
      ),
    ),
    ...(d.reminders.length
      ? [
          h('div', { class: 'section-title' }, tx('reminders')),
          h(
            'ul',
            { 'data-testid': 'doc-reminders' },
            d.reminders.map((r) =>
              h(
                'li',
                {},
                `${r.sent_on} · ${r.threshold ? tx('daysBefore', { n: r.threshold }) : tx('onExpiry')}`,
                r.escalated ? ` · ${tx('escalated')}` : '',
              ),
            ),
          ),
        ]
      : []),
  )
  show(shown)
}

/** Opens a document: preview of the current version (PDF, image), download, version history, reminders sent. */
export function openDocumentViewer(id: string, api: ViewerApi = documentsApi): DialogHandle {
  const urls: string[] = []
  const dlg = openDialog({
    title: tx('loading'),
    testid: 'doc-viewer',
    width: 'min(980px,94vw)',
    onClose: () => urls.forEach((u) => URL.revokeObjectURL(u)),
  })
  const load = () =>
    api.get(id, dlg.signal).then(
      (d) => {
        dlg.setTitle(d.title)
        render(dlg, api, d, urls, load)
      },
      () => {
        if (!dlg.signal.aborted) dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('unavailable')))
      },
    )
  void load()
  return dlg
}
