import { tabOfViews, type WorkbenchTab } from '../../workbench'
import { tx } from './eval-texts'
import { evaluationTab } from './evaluation.tab'
import { operationsReportTab } from './operations-report.tab'

/**
 * The 评估与报告 entry of the 智慧管理 workbench: two views behind one tab — 年度评估 (the annual evaluation per
 * 《化工园区安全风险排查治理导则》 and its report) and 运行报告 (the bi-monthly platform operation feedback report).
 */
export function evaluationWorkbenchTab(
  views: readonly WorkbenchTab[] = [evaluationTab(), operationsReportTab()],
): WorkbenchTab {
  return tabOfViews(
    'evaluation',
    () => tx('tab'),
    () => views,
  )
}
