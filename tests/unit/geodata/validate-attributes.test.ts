import { describeBreakCases } from './break-park'
import { attributeCases } from './cases-attributes'

describeBreakCases('validatePark: enterprise, building, tank and sensor attributes', attributeCases)
