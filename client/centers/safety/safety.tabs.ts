import type { WorkbenchTab } from '../workbench'
import { basicsTab } from './basics/basics.tab'
import { majorHazardsTab } from './hazards/hazards.tab'
import { dualPreventionTab } from './dual-prevention/dual.tab'
import { permitsTab } from './permits/permits.tab'

/**
 * The tabs of the 安全监管中心 workbench, in order: one per record-keeping module of the 建设指南 (安全基础管理,
 * 重大危险源, 双重预防, 特殊作业). Each module adds its tab here: one import and one entry.
 */
export const safetyTabs: WorkbenchTab[] = [
  // 安全基础管理
  basicsTab,
  // 重大危险源
  majorHazardsTab(),
  // 双重预防
  dualPreventionTab(),
  // 特殊作业
  permitsTab(),
]
