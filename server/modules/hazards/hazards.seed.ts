import { parkDay } from '../../contracts/emergency-plans'
import { mhDefaultIntervalDays, mhRoles, type MhRole } from '../../contracts/hazards'
import type { Queryable } from '../../platform/db/db'
import { defaultCatalogue } from './hazard-catalogue'
import { addDays } from './hazard-grading'
import {
  insertChemicals,
  insertUnit,
  listCatalogue,
  listUnits,
  setItems,
  upsertResponsible,
} from './hazards.repository'
import { computeUnits, historise } from './hazards.service'

// The GB 18218 catalogue (always: it is the standard's data) and the demo park's units (SIM on): every tank farm is
// a storage unit whose inventory is its tanks'; a few process buildings are production units with realistic
// hold-ups of the chemicals their process handles (a phosgenation workshop, a chlorination shop, ammonia
// synthesis, VCM synthesis, butadiene extraction, gas fractionation, ethoxylation, oxygen filling) and one that
// stays below S = 1 (a hydrogenation shop) to show a unit that is not a major hazard. The grade on record is the
// first computed one; three 包保 persons for every major hazard; check records that leave some overdue.

/** Production units: building asset → [catalogue id, q t][]. Hold-ups are demo values, not survey data. */
export const productionUnits: Record<string, [string, number][]> = {
  'B-E16-04': [['MHC-COCL2', 0.5]], // 原药合成车间 (光气化): S 1.67
  'B-E05-05': [['MHC-CL2', 6]], // 氯化车间: S 1.2
  'B-E03-04': [
    ['MHC-NH3', 12],
    ['MHC-H2', 1.5],
  ], // 1#合成氨装置: S 1.5
  'B-E01-07': [
    ['MHC-VCM', 35],
    ['MHC-HCL', 8],
  ], // 氯乙烯合成车间: S 1.1
  'B-E02-09': [['MHC-BD', 45]], // 丁二烯抽提装置: S 9
  'B-E02-08': [
    ['MHC-C3H6', 40],
    ['MHC-LPG', 60],
  ], // 气体分馏装置: S 5.2 (propylene by class)
  'B-E19-07': [['MHC-EO', 12]], // 乙氧基化车间: S 1.2
  'B-E20-04': [['MHC-O2', 250]], // 充装车间 (液氧): S 1.25
  'B-E06-05': [
    ['MHC-H2', 0.8],
    ['MHC-MEOH', 60],
  ], // 加氢车间: S 0.28, not a major hazard
}

/** People within 500 m as some enterprises declared them (the others use the server's suggestion). */
const declaredExposure: Record<string, number> = { 'F-E06-1': 45, 'F-E13-1': 20, 'F-E17-1': 0 }

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'
const given = ['建国', '海涛', '志强', '明华', '卫东', '国栋', '立新', '春生', '晓峰', '文杰', '永红', '振华']
const titles: Record<MhRole, string> = {
  principal: '总经理',
  technical: '技术负责人（总工程师）',
  operational: '车间/罐区主任',
}

/** A deterministic demo name for the role of an enterprise (E01 → index 0). */
function personOf(enterpriseId: string, unitIndex: number, role: MhRole): string {
  const e = Number(enterpriseId.replace(/\D/g, '')) || 0
  const r = mhRoles.indexOf(role)
  // the enterprise's principal and technical persons are the same for its units; operational ones differ per unit
  const k = role === 'operational' ? e * 7 + unitIndex * 3 : e * 3 + r
  return `${surnames[k % surnames.length]}${given[(k * 5 + r) % given.length]}`
}

/** The catalogue rows not there yet (idempotent; never overwrites the park's edits). Run as owner or park scope. */
export async function ensureMajorHazardCatalogue(q: Queryable): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  return insertChemicals(q, defaultCatalogue, 'seed')
}

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING; assessments, grades on record and checks only for units that have
 * none); needs the seeded park (assets). Run as the owner (`db.owner`). Returns the number of rows inserted.
 */
export async function seedMajorHazardsDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  let n = await ensureMajorHazardCatalogue(q)
  const today = parkDay(now)
  const farms = (
    await q.query<{ id: string; enterprise_id: string; name: string; name_en: string | null }>(
      `SELECT id, enterprise_id, name, name_en FROM assets WHERE kind = 'tank_farm' AND enterprise_id IS NOT NULL
        ORDER BY id`,
    )
  ).rows
  if (!farms.length) return n
  for (const f of farms)
    n += await insertUnit(
      q,
      {
        id: `MH-${f.id}`,
        enterprise_id: f.enterprise_id,
        asset_id: f.id,
        unit_kind: 'storage',
        name: f.name,
        name_en: f.name_en,
        exposed_people: declaredExposure[f.id] ?? null,
      },
      'seed',
    )
  const known = new Set((await listCatalogue(q)).map((c) => c.id))
  const buildings = (
    await q.query<{ id: string; enterprise_id: string; name: string; name_en: string | null }>(
      `SELECT id, enterprise_id, name, name_en FROM assets WHERE id = ANY($1) AND kind = 'building' ORDER BY id`,
      [Object.keys(productionUnits)],
    )
  ).rows
  for (const b of buildings) {
    const id = `MH-${b.id}`
    const added = await insertUnit(
      q,
      {
        id,
        enterprise_id: b.enterprise_id,
        asset_id: b.id,
        unit_kind: 'production',
        name: b.name,
        name_en: b.name_en,
        exposed_people: null,
      },
      'seed',
    )
    n += added
    const items = productionUnits[b.id]!.filter(([c]) => known.has(c)).map(([chemical_id, q_t]) => ({
      chemical_id,
      q_t,
    }))
    if (added) await setItems(q, id, b.enterprise_id, items, 'seed')
  }

  // first assessments, and that grade on record, for units never assessed
  const fresh = (
    await q.query<{ id: string }>(
      `SELECT u.id FROM major_hazard_units u
        WHERE NOT EXISTS (SELECT 1 FROM major_hazard_assessments a WHERE a.unit_id = u.id) ORDER BY u.id`,
    )
  ).rows.map((r) => r.id)
  if (!fresh.length) return n
  const units = await computeUnits(q, await listUnits(q, { ids: fresh }), today)
  n += (await historise(q, units, 'seed', 'seed', false)).inserted
  let seq = 0
  for (const [i, u] of units.entries()) {
    if (!u.assessment.grade) continue
    seq++
    n +=
      (
        await q.query(
          `UPDATE major_hazard_units SET registered_grade = $2, registered_on = $3, record_no = $4
            WHERE id = $1 AND registered_grade IS NULL`,
          [u.id, u.assessment.grade, addDays(today, -400), `JHYJ-WH-${String(seq).padStart(3, '0')}`],
        )
      ).rowCount ?? 0
    // 包保 persons assigned 120 days ago; checks: principal 50 days ago, technical 20, operational 3 days ago, except
    // every fourth unit whose operational check is 12 days old (overdue) and every seventh whose technical is 40
    for (const role of mhRoles) {
      await upsertResponsible(
        q,
        u.id,
        u.enterprise_id,
        role,
        {
          person_name: personOf(u.enterprise_id, i, role),
          position: titles[role],
          phone: `0513-8${String(1000000 + ((i * 7919 + mhRoles.indexOf(role) * 131) % 8999999)).slice(0, 7)}`,
          interval_days: mhDefaultIntervalDays[role],
        },
        addDays(today, -120),
        'seed',
      )
      n++
      const ago =
        role === 'principal' ? 50 : role === 'technical' ? (seq % 7 === 0 ? 40 : 20) : seq % 4 === 0 ? 12 : 3
      const findings =
        role === 'principal'
          ? '组织季度包保检查：安全投入、应急预案演练和隐患整改落实情况良好。'
          : role === 'technical'
            ? '检查安全监测监控系统、安全联锁投用率和工艺参数报警设置，运行正常。'
            : '巡检罐区/装置：液位、温度、压力正常，可燃/有毒气体检测器无报警，消防设施完好。'
      await q.query(
        `INSERT INTO major_hazard_checks (unit_id, enterprise_id, role, checked_by, checked_on, findings, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'seed')`,
        [u.id, u.enterprise_id, role, personOf(u.enterprise_id, i, role), addDays(today, -ago), findings],
      )
      n++
    }
  }
  return n
}
