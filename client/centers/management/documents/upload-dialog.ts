import {
  documentTypes,
  ownerTypes,
  type DocumentDetail,
  type DocumentType,
  type OwnerType,
} from '../../../../server/contracts/documents'
import type { DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { tx, typeName } from './doc-texts'
import { uploadQuery } from './documents.model'

const ownerText: Record<OwnerType, Parameters<typeof tx>[0]> = {
  park: 'ownerPark',
  enterprise: 'ownerEnterprise',
  asset: 'ownerAsset',
  project: 'ownerProject',
}

const field = (label: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:6px 0' }, h('div', { class: 'muted' }, label), input)

/**
 * Upload dialog: a new document (type, owner, dates, tags, file) or, given `document`, a new version of it (dates,
 * note, file). The server checks size and content; its 400/413 message is shown as is.
 */
export function openUploadDialog(
  api: Pick<DocumentsApi, 'create' | 'addVersion'>,
  opts: {
    document?: DocumentDetail
    ownerType?: OwnerType
    ownerId?: string
    onDone?: (d: DocumentDetail) => void
  } = {},
): void {
  const doc = opts.document
  const dlg = openDialog({
    title: doc ? `${tx('newVersion')} · ${doc.title}` : tx('upload'),
    testid: 'doc-upload',
  })
  const input = (name: string, type = 'text', value = '') =>
    h('input', { type, name, value, 'data-testid': `doc-upload-${name}`, style: 'width:100%' })
  const title = input('title')
  const type = h(
    'select',
    { name: 'doc_type', 'data-testid': 'doc-upload-doc_type' },
    documentTypes.map((t) => h('option', { value: t }, typeName(t))),
  ) as HTMLSelectElement
  const owner = h(
    'select',
    { name: 'owner_type', 'data-testid': 'doc-upload-owner_type' },
    ownerTypes.map((o) =>
      h('option', { value: o, selected: o === (opts.ownerType ?? 'enterprise') }, tx(ownerText[o])),
    ),
  ) as HTMLSelectElement
  const ownerId = input('owner_id', 'text', opts.ownerId ?? '')
  const number = input('doc_number')
  const tags = input('tags')
  const issued = input('issued_on', 'date')
  const expires = input('expires_on', 'date')
  const note = input('note')
  const isPublic = h('input', {
    type: 'checkbox',
    name: 'public',
    'data-testid': 'doc-upload-public',
  }) as HTMLInputElement
  const file = h('input', {
    type: 'file',
    name: 'file',
    'data-testid': 'doc-upload-file',
    accept: '.pdf,.jpg,.jpeg,.png,.webp,.gif,.doc,.docx,.xls,.xlsx,.ppt,.pptx',
  }) as HTMLInputElement
  const status = h('div', { class: 'muted', 'data-testid': 'doc-upload-status' })
  const submit = h('button', { type: 'submit', 'data-testid': 'doc-upload-submit' }, tx('save'))
  const val = (el: HTMLElement) => (el as HTMLInputElement).value

  const form = h(
    'form',
    {
      onsubmit: ((e: Event) => {
        e.preventDefault()
        const f = file.files?.[0]
        if (!f) {
          status.textContent = tx('file')
          return
        }
        submit.setAttribute('disabled', '')
        status.textContent = tx('loading')
        const done = doc
          ? api.addVersion(
              doc.id,
              {
                ...(val(issued) ? { issued_on: val(issued) } : {}),
                ...(val(expires) ? { expires_on: val(expires) } : {}),
                ...(val(note) ? { note: val(note) } : {}),
              },
              f,
              f.name,
            )
          : api.create(
              uploadQuery({
                title: val(title),
                doc_type: type.value as DocumentType,
                owner_type: owner.value as OwnerType,
                owner_id: val(ownerId),
                doc_number: val(number),
                tags: val(tags),
                issued_on: val(issued),
                expires_on: val(expires),
                public: isPublic.checked,
              }),
              f,
              f.name,
            )
        done.then(
          (d) => {
            dlg.close()
            opts.onDone?.(d)
          },
          (err: unknown) => {
            submit.removeAttribute('disabled')
            status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
          },
        )
      }) as EventListener,
    },
    doc
      ? null
      : [
          field(tx('title'), title),
          field(tx('type'), type),
          field(tx('owner'), owner),
          field(tx('ownerId'), ownerId),
          field(tx('number'), number),
          field(tx('tags'), tags),
          h('label', {}, isPublic, ' ', tx('public')),
        ],
    field(tx('issued'), issued),
    field(tx('expires'), expires),
    doc ? field(tx('note'), note) : null,
    field(tx('file'), file),
    h(
      'div',
      { style: 'margin-top:8px;display:flex;gap:8px' },
      submit,
      h('button', { type: 'button', onclick: () => dlg.close() }, tx('cancel')),
    ),
    status,
  )
  dlg.body.replaceChildren(form)
}
