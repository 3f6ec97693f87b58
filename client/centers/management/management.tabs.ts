import type { WorkbenchTab } from '../workbench'

/**
 * The tabs of the 智慧管理 workbench, in order (documents, reminders, projects, enforcement, evaluation…). Each
 * module adds its tab here: one import and one entry.
 */
export const managementTabs: WorkbenchTab[] = []
