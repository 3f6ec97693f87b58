import type {
  AdmissionCatalogueEntry,
  AdmissionItem,
  AdmissionOutcome,
  AdmissionReason,
  AdmissionSettings,
  PlannedUse,
} from '../../contracts/admission'
import { plannedUseNames } from '../../contracts/admission'
import type { MhAssessment } from '../../contracts/hazards'

// Pure rules of the admission checklist (准入评估). Each rule takes the facts the repository gathered (PostGIS
// distances and containment, the catalogue, the GB 18218 assessment made by the hazards module's grading) and
// returns the item's automatic outcome with its reasons in both languages. No SQL, no clock.

/** An item as a rule returns it (the park's decision is added by the service). */
export type AutoItem = Omit<AdmissionItem, 'decision'>

const r = (zh: string, en: string): AdmissionReason => ({ zh, en })
const fmt = (n: number, digits = 0) => (Math.round(n * 10 ** digits) / 10 ** digits).toString()

/** Lower case, full-width folded, whitespace removed: 「汞法 烧碱」 and 「汞法烧碱」 compare equal. */
export const normName = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '')

// ---------- (a) industrial policy ----------

export type CatalogueRow = Pick<
  AdmissionCatalogueEntry,
  'id' | 'kind' | 'name' | 'aliases' | 'level' | 'basis' | 'example'
>

/**
 * Catalogue entries of `kind` that a declared name falls under: the name (or an alias) of the entry, after
 * normalisation, is contained in the declared name (「汞法烧碱工艺」 falls under 汞法烧碱). Names shorter than two
 * characters never match on their own.
 */
export function catalogueHits(
  entries: readonly CatalogueRow[],
  kind: CatalogueRow['kind'],
  declared: string,
) {
  const d = normName(declared)
  return entries.filter(
    (e) =>
      e.kind === kind &&
      [e.name, ...e.aliases].some((n) => normName(n).length >= 2 && d.includes(normName(n))),
  )
}

/**
 * (a) Eliminated (淘汰类) processes or products: fail; restricted (限制类): conditional (new plants restricted,
 * upgrading of existing ones only); none: pass. A catalogue made only of the shipped examples is said so.
 */
export function policyItem(
  products: readonly string[],
  processes: readonly string[],
  entries: readonly CatalogueRow[],
): AutoItem {
  const hits: { declared: string; kind: CatalogueRow['kind']; entry: CatalogueRow }[] = []
  for (const p of processes)
    for (const e of catalogueHits(entries, 'process', p))
      hits.push({ declared: p, kind: 'process', entry: e })
  for (const p of products)
    for (const e of catalogueHits(entries, 'product', p))
      hits.push({ declared: p, kind: 'product', entry: e })
  const reasons: AdmissionReason[] = hits.map(({ declared, kind, entry }) => {
    const what = kind === 'process' ? ['工艺', 'process'] : ['产品', 'product']
    const level = entry.level === 'eliminated' ? ['淘汰类', 'eliminated'] : ['限制类', 'restricted']
    const ex = entry.example ? ['（示例条目）', ' (example entry)'] : ['', '']
    return r(
      `${what[0]}「${declared}」属${level[0]}：${entry.name}${ex[0]}，依据：${entry.basis}`,
      `${what[1]} "${declared}" is ${level[1]}: ${entry.name}${ex[1]}; basis: ${entry.basis}`,
    )
  })
  const outcome: AdmissionOutcome = hits.some((h) => h.entry.level === 'eliminated')
    ? 'fail'
    : hits.length
      ? 'conditional'
      : 'pass'
  if (!hits.length)
    reasons.push(
      r(
        `申报的 ${processes.length} 项工艺、${products.length} 种产品均未列入淘汰类或限制类目录（目录 ${entries.length} 条）`,
        `none of the ${processes.length} processes and ${products.length} products is in the eliminated or restricted catalogue (${entries.length} entries)`,
      ),
    )
  if (entries.length && entries.every((e) => e.example))
    reasons.push(
      r(
        '目录仍为平台自带示例，须替换为现行《产业结构调整指导目录》条目后结论方有效',
        'the catalogue still holds only the shipped examples: replace them with the current Guiding Catalogue for Industrial Structure Adjustment',
      ),
    )
  return {
    key: 'industrial_policy',
    outcome,
    reasons,
    data: {
      hits: hits.map((h) => ({
        declared: h.declared,
        kind: h.kind,
        entry_id: h.entry.id,
        name: h.entry.name,
        level: h.entry.level,
        example: h.entry.example,
      })),
      catalogue_size: entries.length,
    },
  }
}

// ---------- (b) location and planned use ----------

export interface LocationFacts {
  /** false when the park has no boundary on record */
  has_boundary: boolean
  /** the location lies entirely inside the boundary */
  inside: boolean
  /** the location touches the park (a polygon partly inside) */
  intersects: boolean
  /** metres from the boundary when not entirely inside */
  distance_outside_m: number | null
}

/** (b) Inside the park boundary: pass; partly or wholly outside: fail; no boundary on record: manual. */
export function locationItem(f: LocationFacts): AutoItem {
  const data = { ...f }
  if (!f.has_boundary)
    return {
      key: 'location_in_park',
      outcome: 'manual',
      reasons: [r('园区边界未入库，无法自动判定', 'the park boundary is not on record: check by hand')],
      data,
    }
  if (f.inside)
    return {
      key: 'location_in_park',
      outcome: 'pass',
      reasons: [r('选址位于园区边界内', 'the location lies inside the park boundary')],
      data,
    }
  if (f.intersects)
    return {
      key: 'location_in_park',
      outcome: 'fail',
      reasons: [r('选址部分超出园区边界', 'part of the site lies outside the park boundary')],
      data,
    }
  const m = fmt(f.distance_outside_m ?? 0)
  return {
    key: 'location_in_park',
    outcome: 'fail',
    reasons: [
      r(
        `选址位于园区边界外（距边界 ${m} m）`,
        `the location lies outside the park boundary (${m} m from it)`,
      ),
    ],
    data,
  }
}

export interface UseZone {
  id: string
  name: string
  planned_use: PlannedUse
}

/**
 * (b') Planned use of the zones the location touches: any use that allows neither chemical production nor a
 * conditional admission fails; a conditional use (reserved land, storage…) is conditional; chemical land passes.
 * Without planned-use zones, an existing enterprise's parcel counts as chemical land (the parcels are the park's
 * planned chemical plots); otherwise a person checks the master plan (manual).
 */
export function plannedUseItem(
  zones: readonly UseZone[],
  parcel: { id: string; name: string } | null,
  s: Pick<AdmissionSettings, 'chemical_uses' | 'conditional_uses'>,
): AutoItem {
  const data = { zones, parcel }
  const name = (u: PlannedUse) => plannedUseNames[u]
  if (zones.length) {
    const bad = zones.filter(
      (z) => !s.chemical_uses.includes(z.planned_use) && !s.conditional_uses.includes(z.planned_use),
    )
    const cond = zones.filter((z) => s.conditional_uses.includes(z.planned_use))
    const outcome: AdmissionOutcome = bad.length ? 'fail' : cond.length ? 'conditional' : 'pass'
    const reasons = zones.map((z) => {
      const verdict = bad.includes(z)
        ? ['不允许化工生产', 'does not allow chemical production']
        : cond.includes(z)
          ? ['须调整规划或附加条件', 'needs a plan adjustment or conditions']
          : ['允许化工生产', 'allows chemical production']
      return r(
        `位于「${z.name}」（${name(z.planned_use).zh}），${verdict[0]}`,
        `in "${z.name}" (${name(z.planned_use).en}), which ${verdict[1]}`,
      )
    })
    return { key: 'planned_use', outcome, reasons, data }
  }
  if (parcel)
    return {
      key: 'planned_use',
      outcome: 'pass',
      reasons: [
        r(
          `位于现有化工企业「${parcel.name}」地块内（化工生产用地）`,
          `inside the parcel of the existing chemical enterprise "${parcel.name}" (chemical land)`,
        ),
      ],
      data,
    }
  return {
    key: 'planned_use',
    outcome: 'manual',
    reasons: [
      r(
        '选址处无规划用途数据，请对照园区总体规划人工核查',
        'no planned-use data at the location: check against the park master plan by hand',
      ),
    ],
    data,
  }
}

// ---------- (c) safety distance ----------

export const targetKinds = ['office', 'muster_point', 'boundary'] as const
export type TargetKind = (typeof targetKinds)[number]
const targetNames: Record<TargetKind, [string, string]> = {
  office: ['办公楼', 'office building'],
  muster_point: ['应急集合点', 'muster point'],
  boundary: ['园区边界', 'park boundary'],
}

export interface DistanceTarget {
  kind: TargetKind
  id: string
  name: string
  /** the owner of an office building */
  enterprise_id: string | null
  distance_m: number
}

/**
 * (c) The nearest sensitive target of each kind against the minimum distance: any closer fails, naming each; all
 * at or beyond it pass. No target on record: manual. A placeholder minimum is said so.
 */
export function distanceItem(
  targets: readonly DistanceTarget[],
  s: Pick<AdmissionSettings, 'min_distance_m' | 'distance_is_placeholder'>,
): AutoItem {
  const min = s.min_distance_m
  const close = targets.filter((t) => t.distance_m < min)
  const label = (t: DistanceTarget) => [
    `${targetNames[t.kind][0]}「${t.name}」${t.enterprise_id ? `（${t.enterprise_id}）` : ''}`,
    `${targetNames[t.kind][1]} "${t.name}"${t.enterprise_id ? ` (${t.enterprise_id})` : ''}`,
  ]
  const reasons: AdmissionReason[] = []
  for (const t of close) {
    const [zh, en] = label(t)
    reasons.push(
      r(
        `距${zh} ${fmt(t.distance_m)} m，小于最小安全距离 ${fmt(min)} m`,
        `${fmt(t.distance_m)} m from the ${en}, less than the minimum ${fmt(min)} m`,
      ),
    )
  }
  if (!close.length)
    for (const t of targets) {
      const [zh, en] = label(t)
      reasons.push(
        r(
          `距最近的${zh} ${fmt(t.distance_m)} m（≥ ${fmt(min)} m）`,
          `nearest ${en} at ${fmt(t.distance_m)} m (≥ ${fmt(min)} m)`,
        ),
      )
    }
  if (!targets.length)
    reasons.push(
      r(
        '无敏感目标数据，请人工核查外部安全防护距离',
        'no sensitive targets on record: check the external safety distance by hand',
      ),
    )
  if (s.distance_is_placeholder)
    reasons.push(
      r(
        `最小安全距离 ${fmt(min)} m 为平台占位默认值，须按安全评价或规范确定后再作结论`,
        `the minimum distance ${fmt(min)} m is the platform's placeholder: set the value the safety assessment requires`,
      ),
    )
  return {
    key: 'safety_distance',
    outcome: close.length ? 'fail' : targets.length ? 'pass' : 'manual',
    reasons,
    data: { min_distance_m: min, placeholder: s.distance_is_placeholder, targets },
  }
}

// ---------- (d) major hazard screening ----------

export interface ExposureFacts {
  people: number
  /** true: declared by the applicant; false: estimated from the park's buildings within 500 m */
  declared: boolean
  buildings: number | null
}

/**
 * (d) GB 18218 screening of the declared inventory, graded by the hazards module: a major hazard source (S ≥ 1)
 * is conditional with its grade (registration, 包保 persons and online monitoring required); S < 1 passes; products
 * not in the catalogue are listed and, when nothing else decides, leave the item to a person.
 */
export function majorHazardItem(
  a: MhAssessment | null,
  unresolved: readonly { name: string; message: string }[],
  exposure: ExposureFacts,
): AutoItem {
  const data = { assessment: a, unresolved, exposure }
  const reasons: AdmissionReason[] = []
  if (!a || !a.items.length) {
    if (!unresolved.length)
      return {
        key: 'major_hazard',
        outcome: 'manual',
        reasons: [
          r('未申报产品和化学品及其数量，无法辨识', 'no products or chemicals declared: nothing to screen'),
        ],
        data,
      }
  }
  const S = a?.S ?? 0
  if (a?.major) {
    reasons.push(
      r(
        `构成${a.grade}重大危险源：S = ${fmt(S, 2)}，R = ${fmt(a.R, 1)}（α = ${a.alpha}）；须辨识备案、落实包保责任并接入在线监测预警`,
        `a major hazard source, ${a.grade}: S = ${fmt(S, 2)}, R = ${fmt(a.R, 1)} (α = ${a.alpha}); register it, assign the 包保 persons and connect online monitoring`,
      ),
    )
    for (const it of a.items.filter((i) => i.ratio > 0).sort((x, y) => y.ratio - x.ratio))
      reasons.push(
        r(
          `${it.name} ${fmt(it.q_t, 1)} t / 临界量 ${it.Q_t} t = ${fmt(it.ratio, 2)}${it.beta !== null ? `，β = ${it.beta}` : ''}`,
          `${it.name_en ?? it.name} ${fmt(it.q_t, 1)} t / Q ${it.Q_t} t = ${fmt(it.ratio, 2)}${it.beta !== null ? `, β = ${it.beta}` : ''}`,
        ),
      )
  } else if (a)
    reasons.push(
      r(`S = ${fmt(S, 3)} < 1，不构成重大危险源`, `S = ${fmt(S, 3)} < 1: not a major hazard source`),
    )
  for (const u of unresolved)
    reasons.push(
      r(
        `「${u.name}」未计入：${u.message}，请人工核查`,
        `"${u.name}" not counted: ${u.message}; check by hand`,
      ),
    )
  reasons.push(
    exposure.declared
      ? r(
          `α 按申报的厂外 500 m 内暴露人数 ${exposure.people} 人取值`,
          `α from the declared ${exposure.people} people within 500 m`,
        )
      : r(
          `α 按园区建筑估算的厂外 500 m 内人数 ${exposure.people} 人取值（${exposure.buildings ?? 0} 栋建筑，可申报实际人数）`,
          `α from an estimate of ${exposure.people} people within 500 m (${exposure.buildings ?? 0} buildings; declare the real number to override)`,
        ),
  )
  const outcome: AdmissionOutcome = a?.major ? 'conditional' : unresolved.length ? 'manual' : 'pass'
  return { key: 'major_hazard', outcome, reasons, data }
}

// ---------- (e) key-supervised processes ----------

export interface SupervisedProcess {
  name: string
  name_en: string
  code: string
}

/** The words a declared process is matched on: the name, its parts (电解(氯碱) → 电解, 氯碱), English name, code. */
export function processKeys(p: SupervisedProcess): string[] {
  const parts = p.name.split(/[()（）及]/).filter((x) => x.length >= 2)
  return [...new Set([p.name, ...parts, p.name_en, p.code].map(normName))].filter((k) => k.length >= 2)
}

/**
 * Supervised processes a declared process falls under. When one match's key is part of another's (氧化 inside
 * 过氧化), only the longer counts.
 */
export function matchProcesses(list: readonly SupervisedProcess[], declared: string): SupervisedProcess[] {
  const d = normName(declared)
  const hits = list.flatMap((p) => {
    const key = processKeys(p)
      .filter((k) => d.includes(k))
      .sort((a, b) => b.length - a.length)[0]
    return key ? [{ p, key }] : []
  })
  return hits
    .filter((h) => !hits.some((o) => o.p !== h.p && o.key !== h.key && o.key.includes(h.key)))
    .map((h) => h.p)
}

/**
 * (e) A process among the 18 key-supervised hazardous processes (重点监管危险化工工艺) makes the admission
 * conditional on automated control, a safety instrumented system and a HAZOP; none passes.
 */
export function processItem(declared: readonly string[], list: readonly SupervisedProcess[]): AutoItem {
  const matched = declared.map((d) => ({ declared: d, processes: matchProcesses(list, d) }))
  const hits = matched.filter((m) => m.processes.length)
  const names = [...new Set(hits.flatMap((m) => m.processes.map((p) => p.name)))]
  const namesEn = [...new Set(hits.flatMap((m) => m.processes.map((p) => p.name_en)))]
  const data = {
    matches: matched.map((m) => ({ declared: m.declared, supervised: m.processes.map((p) => p.name) })),
  }
  if (!declared.length)
    return {
      key: 'supervised_process',
      outcome: 'pass',
      reasons: [
        r('未申报生产工艺（仅储存或经营）', 'no production process declared (storage or trade only)'),
      ],
      data,
    }
  if (!hits.length)
    return {
      key: 'supervised_process',
      outcome: 'pass',
      reasons: [r('不涉及重点监管危险化工工艺', 'no key-supervised hazardous process')],
      data,
    }
  return {
    key: 'supervised_process',
    outcome: 'conditional',
    reasons: [
      r(
        `涉及重点监管危险化工工艺：${names.join('、')}；须装设自动化控制和安全仪表系统（SIS）并开展 HAZOP 分析`,
        `involves key-supervised hazardous processes: ${namesEn.join(', ')}; automated control, a safety instrumented system and a HAZOP study are required`,
      ),
      ...hits.map((m) =>
        r(
          `「${m.declared}」→ ${m.processes.map((p) => p.name).join('、')}`,
          `"${m.declared}" → ${m.processes.map((p) => p.name_en).join(', ')}`,
        ),
      ),
    ],
    data,
  }
}
