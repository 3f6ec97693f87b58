import type { WorkbenchTab } from '../../workbench'
import { projectsTab } from '../projects/projects.tab'
import { enforcementTab } from './enforcement.tab'

/** The 智慧管理 workbench tabs of issue 7 items 3 and 5: 项目三同时 and 执法台账, in that order. */
export function ledgerTabs(): WorkbenchTab[] {
  return [projectsTab(), enforcementTab()]
}
