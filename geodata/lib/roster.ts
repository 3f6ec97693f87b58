// The demo park's enterprises (all fictional). Where each one sits is in site-plan.ts; sizes of
// the tanks follow common standard tank sizes (e.g. 1,000 m³ sphere = 12.3 m, 2,000 m³ = 15.7 m).
import type { RiskColor } from '../../server/contracts/park'
import type { TankType } from '../types'
import type { ChemicalKey } from './chemicals'
import type { IndustryKey, KeyProcess } from './industries'

export interface FarmSpec {
  type: TankType
  diameterM: number
  /** shell height (vertical), shell length (horizontal); spheres use the diameter */
  heightM: number
  /** one entry per tank */
  contents: ChemicalKey[]
}

export interface BuildingProgram {
  office: number
  control: number
  lab: number
  process: number
  warehouse: number
  utility: number
}

export interface EnterpriseSpec {
  id: string
  name: string
  nameEn: string
  industry: IndustryKey
  risk: RiskColor
  processes: KeyProcess[]
  farms: FarmSpec[]
  program: BuildingProgram
  /** waste-gas stacks watched by online monitors (the wastewater outlet is always one) */
  stacks: number
}

const farm = (type: TankType, diameterM: number, heightM: number, ...contents: ChemicalKey[]): FarmSpec => ({
  type,
  diameterM,
  heightM,
  contents,
})
const times = (n: number, key: ChemicalKey): ChemicalKey[] => Array.from({ length: n }, () => key)
/** office, control, lab, process, warehouse, utility */
const program = (...n: [number, number, number, number, number, number]): BuildingProgram => ({
  office: n[0],
  control: n[1],
  lab: n[2],
  process: n[3],
  warehouse: n[4],
  utility: n[5],
})

function ent(
  id: string,
  name: string,
  nameEn: string,
  industry: IndustryKey,
  risk: RiskColor,
  processes: KeyProcess[],
  prog: BuildingProgram,
  stacks: number,
  ...farms: FarmSpec[]
): EnterpriseSpec {
  return { id, name, nameEn, industry, risk, processes, farms, program: prog, stacks }
}

// prettier-ignore
export const roster: EnterpriseSpec[] = [
  ent('E01', '江海氯碱化工有限公司', 'Jianghai Chlor-Alkali Chemical Co., Ltd.', 'chlorAlkali', 'red',
    ['电解(氯碱)', '氯化', '聚合'], program(1, 1, 1, 6, 3, 3), 2,
    farm('horizontal', 3, 14, ...times(6, 'chlorine')),
    farm('vertical', 12, 12, 'hydrochloricAcid', 'hydrochloricAcid', 'causticSoda', 'causticSoda'),
    farm('spherical', 12.3, 12.3, ...times(4, 'vinylChloride'))),
  ent('E02', '江海石油化工有限公司', 'Jianghai Petrochemical Co., Ltd.', 'petrochemical', 'red',
    ['裂解(裂化)', '加氢', '烷基化'], program(1, 1, 1, 8, 3, 4), 2,
    farm('vertical', 30, 18, ...times(6, 'gasoline')),
    farm('vertical', 20, 16, ...times(3, 'benzene'), ...times(3, 'toluene')),
    farm('spherical', 15.7, 15.7, ...times(6, 'lpg')),
    farm('spherical', 12.3, 12.3, 'butadiene', 'butadiene')),
  ent('E03', '江海瑞丰化肥有限公司', 'Jianghai Ruifeng Fertilizer Co., Ltd.', 'fertilizer', 'orange',
    ['合成氨', '加氢'], program(1, 1, 1, 5, 2, 3), 1,
    farm('spherical', 12.3, 12.3, ...times(3, 'ammonia')),
    farm('vertical', 16, 14, 'methanol', 'methanol')),
  ent('E04', '江海恒昌环氧化工有限公司', 'Jianghai Hengchang Epoxy Chemical Co., Ltd.', 'petrochemical', 'orange',
    ['氧化', '聚合'], program(1, 1, 1, 4, 2, 2), 1,
    farm('horizontal', 3.6, 20, ...times(4, 'ethyleneOxide')),
    farm('vertical', 12, 12, 'methanol', 'methanol')),
  ent('E05', '江海禾丰农化有限公司', 'Jianghai Hefeng Agrochemical Co., Ltd.', 'pesticide', 'orange',
    ['氯化', '硝化', '胺基化'], program(1, 1, 1, 4, 2, 2), 1,
    farm('vertical', 10, 10, 'toluene', 'toluene', 'methanol', 'methanol'),
    farm('horizontal', 3, 12, 'chlorine', 'chlorine'),
    farm('vertical', 8, 10, 'hydrochloricAcid', 'hydrochloricAcid')),
  ent('E06', '江海康瑞医药化工有限公司', 'Jianghai Kangrui Pharmaceutical Chemical Co., Ltd.', 'pharmaIntermediate',
    'yellow', ['加氢', '重氮化'], program(1, 1, 1, 4, 2, 2), 1,
    farm('vertical', 8, 10, 'methanol', 'ethanol', 'acetone', 'ethylAcetate')),
  ent('E07', '江海嘉彩涂料有限公司', 'Jianghai Jiacai Coatings Co., Ltd.', 'coating', 'yellow',
    ['聚合'], program(1, 1, 1, 3, 3, 2), 1,
    farm('vertical', 8, 10, 'toluene', 'ethylAcetate', 'acetone')),
  ent('E08', '江海港储物流有限公司', 'Jianghai Port Storage & Logistics Co., Ltd.', 'logistics', 'orange',
    [], program(1, 1, 1, 2, 2, 2), 1,
    farm('vertical', 24, 18, ...times(4, 'methanol'), 'toluene', 'toluene', 'ethanol', 'ethanol'),
    farm('vertical', 20, 16, 'benzene', 'benzene', ...times(4, 'gasoline'))),
  ent('E09', '江海热电有限公司', 'Jianghai Thermal Power Co., Ltd.', 'utility', 'blue',
    [], program(1, 1, 1, 3, 2, 3), 2,
    farm('vertical', 8, 10, 'hydrochloricAcid', 'causticSoda')),
  ent('E10', '江海园区污水处理有限公司', 'Jianghai Park Wastewater Treatment Co., Ltd.', 'utility', 'blue',
    [], program(1, 1, 1, 3, 1, 3), 1,
    farm('vertical', 8, 10, 'sulfuricAcid', 'causticSoda')),
  ent('E11', '江海聚能新材料有限公司', 'Jianghai Juneng New Materials Co., Ltd.', 'newMaterial', 'orange',
    ['聚合', '加氢'], program(1, 1, 1, 5, 3, 2), 1,
    farm('spherical', 12.3, 12.3, 'butadiene', 'butadiene'),
    farm('vertical', 10, 12, 'toluene', 'toluene')),
  ent('E12', '江海锦程精细化工有限公司', 'Jianghai Jincheng Fine Chemical Co., Ltd.', 'fineChemical', 'yellow',
    ['磺化', '硝化'], program(1, 1, 1, 3, 2, 2), 1,
    farm('vertical', 10, 10, 'sulfuricAcid', 'sulfuricAcid', 'toluene')),
  ent('E13', '江海昊德化学有限公司', 'Jianghai Haode Chemical Co., Ltd.', 'fineChemical', 'yellow',
    ['氯化', '重氮化'], program(1, 1, 1, 3, 2, 2), 1,
    farm('vertical', 8, 10, 'methanol', 'acetone')),
  ent('E14', '江海普华药业化工有限公司', 'Jianghai Puhua Pharmaceutical Chemical Co., Ltd.', 'pharmaIntermediate',
    'blue', ['加氢', '氧化'], program(1, 1, 1, 3, 2, 2), 1,
    farm('vertical', 8, 10, 'methanol', 'ethanol', 'ethylAcetate')),
  ent('E15', '江海华晟高分子材料有限公司', 'Jianghai Huasheng Polymer Materials Co., Ltd.', 'newMaterial', 'yellow',
    ['聚合'], program(1, 1, 1, 5, 3, 2), 1,
    farm('vertical', 10, 12, 'methanol', 'methanol', 'ethylAcetate')),
  ent('E16', '江海绿田化工有限公司', 'Jianghai Lvtian Chemical Co., Ltd.', 'pesticide', 'red',
    ['光气及光气化', '氯化'], program(1, 1, 1, 4, 2, 2), 2,
    farm('horizontal', 3, 12, ...times(3, 'chlorine')),
    farm('vertical', 10, 12, 'toluene', 'toluene')),
  ent('E17', '江海华漆涂料有限公司', 'Jianghai Huaqi Paints Co., Ltd.', 'coating', 'blue',
    ['聚合'], program(1, 1, 1, 3, 2, 2), 1,
    farm('vertical', 8, 10, 'toluene', 'ethylAcetate')),
  ent('E18', '江海化工码头储运有限公司', 'Jianghai Chemical Terminal Storage Co., Ltd.', 'logistics', 'orange',
    [], program(1, 1, 1, 2, 2, 2), 1,
    farm('spherical', 15.7, 15.7, ...times(6, 'lpg')),
    farm('spherical', 12.3, 12.3, ...times(4, 'ammonia'))),
  ent('E19', '江海瑞科化学有限公司', 'Jianghai Ruike Chemical Co., Ltd.', 'fineChemical', 'orange',
    ['胺基化', '加氢'], program(1, 1, 1, 5, 2, 2), 1,
    farm('spherical', 10.6, 10.6, 'ammonia', 'ammonia'),
    farm('vertical', 12, 12, 'methanol', 'methanol')),
  ent('E20', '江海工业气体有限公司', 'Jianghai Industrial Gases Co., Ltd.', 'industrialGas', 'blue',
    [], program(1, 1, 0, 3, 2, 3), 0),
  ent('E21', '江海碳纤维科技有限公司', 'Jianghai Carbon Fiber Technology Co., Ltd.', 'newMaterial', 'yellow',
    ['聚合', '氧化'], program(1, 1, 1, 4, 3, 2), 1),
  ent('E22', '江海德邦表面活性剂有限公司', 'Jianghai Debang Surfactants Co., Ltd.', 'fineChemical', 'yellow',
    ['磺化', '烷基化'], program(1, 1, 1, 3, 2, 2), 1,
    farm('horizontal', 3.2, 16, 'ethyleneOxide', 'ethyleneOxide'),
    farm('vertical', 10, 10, 'sulfuricAcid', 'sulfuricAcid')),
  ent('E23', '江海天和药业化工有限公司', 'Jianghai Tianhe Pharmaceutical Chemical Co., Ltd.', 'pharmaIntermediate',
    'yellow', ['硝化', '加氢'], program(1, 1, 1, 5, 2, 2), 1,
    farm('vertical', 10, 12, 'methanol', 'ethanol', 'acetone', 'toluene')),
  ent('E24', '江海安运危化品仓储有限公司', 'Jianghai Anyun Hazardous Goods Warehousing Co., Ltd.', 'logistics',
    'orange', [], program(1, 1, 0, 0, 8, 2), 0),
  ent('E25', '江海新材料研究院有限公司', 'Jianghai New Materials Research Institute Co., Ltd.', 'newMaterial',
    'blue', ['聚合'], program(2, 1, 2, 4, 2, 2), 1),
  ent('E26', '江海联合电子化学品有限公司', 'Jianghai United Electronic Chemicals Co., Ltd.', 'fineChemical',
    'yellow', [], program(1, 1, 1, 4, 2, 2), 1,
    farm('vertical', 8, 10, 'sulfuricAcid', 'hydrochloricAcid', 'causticSoda')),
]
