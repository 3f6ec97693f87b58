import { assetPlansSection } from '../centers/emergency/plans.panel'
import { assetDocumentsSection } from '../centers/management/documents/asset-documents.section'
import { majorHazardSection } from '../centers/safety/hazards/hazard-section'
import { dualPreventionSection } from '../centers/safety/dual-prevention/dual.sections'
import { workPermitSection } from '../centers/safety/permits/permit-section'
import { enterpriseRecordSection } from '../centers/safety/basics/basics.section'
import { parcelLedgerSection } from '../centers/management/enforcement/ledger.section'
import type { DetailSectionFactory } from './detail-sections'

/**
 * Every module's part of the details panel, in the order shown (client/shell/asset-panel.view.ts). Add a module's
 * section here: one import and one entry.
 */
export const detailSectionFactories: DetailSectionFactory[] = [
  // 现场处置方案: a tank's or tank farm's on-site disposal plans
  assetPlansSection(),
  // 相关文档: an asset's documents, its tank farm's and its enterprise's
  assetDocumentsSection(),
  // 重大危险源: the major-hazard card of a tank farm, tank or process building
  majorHazardSection(),
  // 双重预防: a clicked risk point's LEC, an enterprise parcel's risk colour and open hidden dangers
  dualPreventionSection(),
  // 特殊作业: a clicked work-permit icon on the twin
  workPermitSection(),
  // 企业档案: an enterprise parcel's record, licences, start-up/overhaul records and contractors
  enterpriseRecordSection(),
  // 执法与项目: an enterprise parcel's open rectification notices and construction projects
  parcelLedgerSection(),
]
