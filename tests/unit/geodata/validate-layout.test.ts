import { describeBreakCases } from './break-park'
import { layoutCases } from './cases-layout'

describeBreakCases('validatePark: geometry, ids, counts, the boundary and where things stand', layoutCases)
