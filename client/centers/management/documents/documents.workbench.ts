import { tabOfViews, type WorkbenchTab } from '../../workbench'
import { complianceTab } from './compliance.tab'
import { tx } from './doc-texts'
import { documentsTab } from './documents.tab'

/**
 * The 文档管理 entry of the 智慧管理 workbench: two views behind one tab — the document list (search, upload,
 * viewer) and the compliance dashboard (valid / expiring / expired per enterprise, reminder rules).
 */
export function documentsWorkbenchTab(
  views: readonly WorkbenchTab[] = [documentsTab(), complianceTab()],
): WorkbenchTab {
  return tabOfViews(
    'documents',
    () => tx('tab'),
    () => views,
  )
}
