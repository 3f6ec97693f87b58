import { describeBreakCases } from './break-park'
import { networkCases } from './cases-network'

describeBreakCases('validatePark: roads, gates, parking, muster points and zones', networkCases)
