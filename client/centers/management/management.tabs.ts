import type { WorkbenchTab } from '../workbench'
import { documentsWorkbenchTab } from './documents/documents.workbench'
import { organisationTab } from './organisation/organisation.tab'
import { admissionTab } from './admission/admission.tab'
import { evaluationWorkbenchTab } from './evaluation/evaluation.workbench'
import { ledgerTabs } from './enforcement/ledger.tabs'

/**
 * The tabs of the 智慧管理 workbench, in order (documents, reminders, projects, enforcement, evaluation…). Each
 * module adds its tab here: one import and one entry.
 */
export const managementTabs: WorkbenchTab[] = [
  documentsWorkbenchTab(),
  organisationTab(),
  admissionTab(),
  evaluationWorkbenchTab(),
  ...ledgerTabs(),
]
