// Industries of the demo park, the key-supervised hazardous processes each may run, and the names
// of its process buildings.

/** 重点监管危险化工工艺 (18 processes), shared/domain/safety-standards.md */
export const keyProcesses = [
  '光气及光气化',
  '电解(氯碱)',
  '氯化',
  '硝化',
  '合成氨',
  '裂解(裂化)',
  '氟化',
  '加氢',
  '重氮化',
  '氧化',
  '过氧化',
  '胺基化',
  '磺化',
  '聚合',
  '烷基化',
  '新型煤化工',
  '电石生产',
  '偶氮化',
] as const
export type KeyProcess = (typeof keyProcesses)[number]

export type IndustryKey =
  | 'chlorAlkali'
  | 'petrochemical'
  | 'fertilizer'
  | 'fineChemical'
  | 'pesticide'
  | 'pharmaIntermediate'
  | 'newMaterial'
  | 'coating'
  | 'logistics'
  | 'utility'
  | 'industrialGas'

export interface Industry {
  zh: string
  en: string
  allowedProcesses: readonly KeyProcess[]
  /** process building names, zh and en */
  units: readonly [string, string][]
}

export const industries: Record<IndustryKey, Industry> = {
  chlorAlkali: {
    zh: '氯碱',
    en: 'Chlor-alkali',
    allowedProcesses: ['电解(氯碱)', '氯化', '聚合'],
    units: [
      ['电解车间', 'Electrolysis Hall'],
      ['盐水精制车间', 'Brine Purification Unit'],
      ['氯气处理工段', 'Chlorine Treatment Unit'],
      ['氯乙烯合成车间', 'VCM Synthesis Unit'],
      ['PVC聚合车间', 'PVC Polymerization Unit'],
      ['盐酸合成工段', 'HCl Synthesis Unit'],
    ],
  },
  petrochemical: {
    zh: '石油化工',
    en: 'Petrochemicals',
    allowedProcesses: ['裂解(裂化)', '加氢', '聚合', '烷基化', '氧化'],
    units: [
      ['催化裂化装置', 'FCC Unit'],
      ['加氢精制装置', 'Hydrotreating Unit'],
      ['芳烃抽提装置', 'Aromatics Extraction Unit'],
      ['烷基化装置', 'Alkylation Unit'],
      ['气体分馏装置', 'Gas Fractionation Unit'],
      ['丁二烯抽提装置', 'Butadiene Extraction Unit'],
    ],
  },
  fertilizer: {
    zh: '化肥',
    en: 'Fertilizers',
    allowedProcesses: ['合成氨', '加氢'],
    units: [
      ['合成氨装置', 'Ammonia Synthesis Unit'],
      ['变换工段', 'Shift Conversion Unit'],
      ['尿素装置', 'Urea Unit'],
      ['氨冷冻站', 'Ammonia Refrigeration'],
    ],
  },
  fineChemical: {
    zh: '精细化工',
    en: 'Fine chemicals',
    allowedProcesses: [
      '氯化',
      '硝化',
      '磺化',
      '氧化',
      '过氧化',
      '加氢',
      '重氮化',
      '胺基化',
      '烷基化',
      '氟化',
      '偶氮化',
    ],
    units: [
      ['合成车间', 'Synthesis Workshop'],
      ['精馏车间', 'Distillation Workshop'],
      ['磺化车间', 'Sulfonation Workshop'],
      ['乙氧基化车间', 'Ethoxylation Workshop'],
      ['干燥包装车间', 'Drying & Packing Workshop'],
    ],
  },
  pesticide: {
    zh: '农药',
    en: 'Agrochemicals',
    allowedProcesses: ['氯化', '硝化', '胺基化', '光气及光气化', '氟化', '重氮化', '加氢', '偶氮化'],
    units: [
      ['原药合成车间', 'Technical Synthesis Workshop'],
      ['氯化车间', 'Chlorination Workshop'],
      ['制剂车间', 'Formulation Workshop'],
      ['溶剂回收车间', 'Solvent Recovery Unit'],
    ],
  },
  pharmaIntermediate: {
    zh: '医药中间体',
    en: 'Pharmaceutical intermediates',
    allowedProcesses: ['加氢', '重氮化', '硝化', '氧化', '胺基化', '氟化', '氯化'],
    units: [
      ['中间体合成车间', 'Intermediate Synthesis Workshop'],
      ['加氢车间', 'Hydrogenation Workshop'],
      ['结晶干燥车间', 'Crystallization & Drying Workshop'],
      ['溶剂回收车间', 'Solvent Recovery Unit'],
    ],
  },
  newMaterial: {
    zh: '新材料',
    en: 'New materials',
    allowedProcesses: ['聚合', '加氢', '氧化', '新型煤化工'],
    units: [
      ['聚合车间', 'Polymerization Workshop'],
      ['造粒车间', 'Pelletizing Workshop'],
      ['纺丝车间', 'Spinning Workshop'],
      ['后处理车间', 'Finishing Workshop'],
    ],
  },
  coating: {
    zh: '涂料',
    en: 'Coatings',
    allowedProcesses: ['聚合'],
    units: [
      ['树脂合成车间', 'Resin Synthesis Workshop'],
      ['调漆车间', 'Paint Mixing Workshop'],
      ['灌装车间', 'Filling Workshop'],
    ],
  },
  logistics: {
    zh: '仓储物流',
    en: 'Storage & logistics',
    allowedProcesses: [],
    units: [
      ['装卸车站台', 'Loading Rack'],
      ['灌装站', 'Filling Station'],
    ],
  },
  utility: {
    zh: '公用工程',
    en: 'Utilities',
    allowedProcesses: [],
    units: [
      ['主厂房', 'Main Plant Building'],
      ['生化处理车间', 'Biological Treatment Hall'],
      ['污泥脱水车间', 'Sludge Dewatering Hall'],
    ],
  },
  industrialGas: {
    zh: '工业气体',
    en: 'Industrial gases',
    allowedProcesses: [],
    units: [
      ['空分装置', 'Air Separation Unit'],
      ['充装车间', 'Cylinder Filling Hall'],
    ],
  },
}

export function industryByName(zh: string): Industry | undefined {
  return Object.values(industries).find((i) => i.zh === zh)
}
