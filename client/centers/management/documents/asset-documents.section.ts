import type { AssetDocument } from '../../../../server/contracts/documents'
import { documentsApi, type DocumentsApi } from '../../../api/documents.api'
import { h } from '../../../core/dom'
import { loadedSection, type DetailSectionFactory } from '../../../shell/detail-sections'
import { openDocumentViewer } from './doc-viewer'
import { tx, typeName } from './doc-texts'
import { sortDocuments, validityColour } from './documents.model'

const viaText = { asset: 'viaAsset', tank_farm: 'viaFarm', enterprise: 'viaEnterprise' } as const

/**
 * The "相关文档" part of an asset's details (any kind of asset): its own documents, its tank farm's and its
 * enterprise's, as links that open the document viewer; validity coloured. Registered right after the plans.
 */
export const assetDocumentsSection = (
  api: Pick<DocumentsApi, 'ofAsset' | 'get' | 'fileUrl' | 'create' | 'addVersion'> = documentsApi,
): DetailSectionFactory =>
  loadedSection<AssetDocument[]>({
    testid: 'asset-documents',
    title: () => tx('assetDocs'),
    applies: (sel) => sel.type === 'asset',
    load: (sel, signal) => api.ofAsset(sel.id, signal),
    view: (docs) =>
      docs.length
        ? sortDocuments(docs).map((d) =>
            h(
              'div',
              {},
              h(
                'a',
                {
                  href: '#',
                  'data-testid': 'asset-document-link',
                  'data-document': d.id,
                  onclick: ((e: Event) => {
                    e.preventDefault()
                    openDocumentViewer(d.id, api)
                  }) as EventListener,
                },
                d.title,
              ),
              h(
                'span',
                { class: 'muted', style: `margin-left:6px;color:${validityColour[d.validity]}` },
                [typeName(d.doc_type), tx(viaText[d.via]), d.current?.expires_on ?? '']
                  .filter(Boolean)
                  .join(' · '),
              ),
            ),
          )
        : h('div', { class: 'muted' }, tx('none')),
  })
