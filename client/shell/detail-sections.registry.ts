import { assetPlansSection } from '../centers/emergency/plans.panel'
import type { DetailSectionFactory } from './detail-sections'

/**
 * Every module's part of the details panel, in the order shown (client/shell/asset-panel.view.ts). Add a module's
 * section here: one import and one entry.
 */
export const detailSectionFactories: DetailSectionFactory[] = [
  // 现场处置方案: a tank's or tank farm's on-site disposal plans
  assetPlansSection(),
]
