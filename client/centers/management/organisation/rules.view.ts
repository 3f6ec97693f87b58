import { documentTypeNames, type DocumentSummary } from '../../../../server/contracts/documents'
import { documentsApi, type DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import { getLocale } from '../../../shell/i18n/i18n'
import { openDocumentViewer } from '../documents/doc-viewer'
import { validityColour } from '../documents/documents.model'
import { openUploadDialog } from '../documents/upload-dialog'
import { tx } from './org-texts'
import { librarySections, type LibraryEntry } from './rules-model'

type LibraryApi = Pick<DocumentsApi, 'search' | 'get' | 'fileUrl' | 'create' | 'addVersion'>

/**
 * 管理制度与政策法规: the park's rules and the policy library, straight from the document store (types rule and
 * policy), grouped by category with the current version and its effective dates. A row opens the store's viewer
 * (preview, download, versions); "versions" unfolds the history here; "new version" uses the store's upload dialog.
 */
export function rulesLibrary(api: LibraryApi = documentsApi): { el: HTMLElement; destroy(): void } {
  const ctrl = new AbortController()
  const slot = h('div', { 'data-testid': 'org-rules-list' }, h('div', { class: 'muted' }, tx('loading')))
  let seq = 0

  const versions = (e: LibraryEntry, box: HTMLElement) => {
    if (box.childElementCount) return void box.replaceChildren()
    box.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
    api.get(e.id, ctrl.signal).then(
      (d) =>
        box.replaceChildren(
          h(
            'table',
            { class: 'table', 'data-testid': 'org-rule-versions' },
            h(
              'tbody',
              {},
              d.versions.map((v) =>
                h(
                  'tr',
                  { 'data-version': v.version },
                  h('td', {}, `v${v.version}${v.version === d.current_version ? ' ●' : ''}`),
                  h('td', {}, `${tx('effective')} ${v.issued_on ?? '—'}`),
                  h('td', {}, `${tx('expires')} ${v.expires_on ?? tx('noExpiry')}`),
                  h('td', {}, v.note ?? ''),
                ),
              ),
            ),
          ),
        ),
      () => box.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
    )
  }
  const newVersion = (e: LibraryEntry) =>
    api.get(e.id, ctrl.signal).then(
      (d) => openUploadDialog(api, { document: d, onDone: load }),
      () => undefined,
    )

  const row = (e: LibraryEntry) => {
    const box = h('div', {})
    return h(
      'div',
      {
        'data-testid': 'org-rule',
        'data-id': e.id,
        style: 'padding:4px 0;border-bottom:1px solid rgba(255,255,255,.06)',
      },
      h(
        'div',
        { style: 'display:flex;gap:8px;align-items:baseline;flex-wrap:wrap' },
        h('span', { style: `color:${validityColour[e.validity]}` }, '●'),
        h(
          'a',
          {
            href: '#',
            onclick: ((ev: Event) => (ev.preventDefault(), openDocumentViewer(e.id, api))) as EventListener,
          },
          e.title,
        ),
        h(
          'span',
          { class: 'muted' },
          [
            e.docNumber,
            `${tx('version')} v${e.version}`,
            `${tx('effective')} ${e.effective ?? '—'}`,
            `${tx('expires')} ${e.expires ?? tx('noExpiry')}`,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        h(
          'button',
          { type: 'button', 'data-testid': 'org-rule-versions-toggle', onclick: () => versions(e, box) },
          tx('versions'),
        ),
        h(
          'button',
          { type: 'button', 'data-testid': 'org-rule-new-version', onclick: () => void newVersion(e) },
          tx('newVersion'),
        ),
      ),
      box,
    )
  }

  const draw = (docs: DocumentSummary[]) => {
    const en = getLocale() === 'en'
    slot.replaceChildren(
      ...librarySections(docs).map((s) =>
        h(
          'section',
          { 'data-testid': `org-library-${s.type}` },
          h(
            'div',
            { class: 'section-title' },
            `${en ? documentTypeNames[s.type].en : documentTypeNames[s.type].zh} · ${tx('count', { n: s.count })}`,
          ),
          s.groups.length
            ? s.groups.map((g) =>
                h(
                  'div',
                  { 'data-testid': 'org-library-group', 'data-category': g.category ?? '' },
                  h('div', { class: 'muted', style: 'margin-top:6px' }, g.category ?? tx('uncategorised')),
                  g.entries.map(row),
                ),
              )
            : h('div', { class: 'muted' }, tx('noDocs')),
        ),
      ),
    )
  }
  function load() {
    const mine = ++seq
    Promise.all([
      api.search({ type: 'rule' }, ctrl.signal),
      api.search({ type: 'policy' }, ctrl.signal),
    ]).then(
      ([rules, policies]) => mine === seq && draw([...rules, ...policies]),
      () =>
        mine === seq &&
        !ctrl.signal.aborted &&
        slot.replaceChildren(h('div', { class: 'muted' }, tx('unavailable'))),
    )
  }
  const el = h(
    'div',
    {},
    h(
      'div',
      { style: 'margin-bottom:6px' },
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'org-rule-upload',
          onclick: () => openUploadDialog(api, { ownerType: 'park', onDone: load }),
        },
        tx('upload'),
      ),
    ),
    slot,
  )
  load()
  return { el, destroy: () => ctrl.abort() }
}
