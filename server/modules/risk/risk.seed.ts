import type { RiskColor } from '../../contracts/risk'
import type { Queryable } from '../../platform/db/db'

// Demo risk register (风险分级管控) for the seeded park, built from the park's own assets: every tank farm is a
// risk unit (with its tanks) holding a risk point at its first tank (and its second, for big farms); up to two
// process buildings per enterprise are process units with a point each (warehouses for a pure storage company).
// LEC values are chosen so each enterprise's highest point has the colour the park registry gives the enterprise
// (E01 red …), so all four colours appear; about half the points carry an older assessment in their history.

/** LEC combinations per colour under the default bands (D = L × E × C). */
const lecByColour: Record<RiskColor, [number, number, number][]> = {
  red: [
    [3, 6, 40], // 720
    [6, 6, 15], // 540
  ],
  orange: [
    [3, 6, 15], // 270
    [1, 6, 40], // 240
  ],
  yellow: [
    [3, 6, 7], // 126
    [1, 6, 15], // 90
  ],
  blue: [
    [1, 6, 7], // 42
    [1, 3, 7], // 21
    [0.5, 6, 3], // 9
  ],
}
const ladder: RiskColor[] = ['red', 'orange', 'yellow', 'blue']

/** The colour of the i-th point of an enterprise whose top colour is `top`: the first at the top, then lower. */
export function seedColour(top: RiskColor, i: number): RiskColor {
  const start = ladder.indexOf(top)
  const step = i === 0 ? 0 : Math.ceil(i / 2)
  return ladder[Math.min(ladder.length - 1, start + step)]!
}

interface Hazard {
  hazard: string
  accident: string
  measures: string
}

/** Hazard (危险有害因素), accident and measures by what the unit holds or does. */
export function hazardOf(what: string): Hazard {
  if (/氯(?!乙烯|化)|液氯/.test(what) || what.includes('氯气'))
    return {
      hazard: '液氯储存、输送过程中管道法兰、阀门泄漏，氯气扩散',
      accident: '中毒和窒息',
      measures: '有毒气体检测报警并联锁碱液吸收；紧急切断阀；正压式空气呼吸器；每班巡检两次',
    }
  if (what.includes('氨'))
    return {
      hazard: '液氨储罐超压、安全阀失效或管道泄漏',
      accident: '中毒和窒息、火灾、爆炸',
      measures: '压力、液位高低报警与紧急切断联锁；水喷淋吸收；喷淋洗眼器；定期检验安全阀',
    }
  if (/液化石油气|丁二烯|环氧乙烷|氯乙烯|乙烯/.test(what))
    return {
      hazard: '易燃易爆气体泄漏，遇点火源燃烧爆炸',
      accident: '火灾、其他爆炸',
      measures: '可燃气体检测报警；SIS 紧急切断；罐区防火堤和喷淋冷却；动火作业审批',
    }
  if (/汽油|苯|甲醇|乙醇|丙酮|乙酸乙酯|甲苯/.test(what))
    return {
      hazard: '易燃液体挥发、静电积聚或装卸时泄漏',
      accident: '火灾、容器爆炸',
      measures: '氮封和呼吸阀；静电接地检测；装卸鹤管防溢流；泡沫灭火系统每月试验',
    }
  if (/硫酸|盐酸|液碱|碱/.test(what))
    return {
      hazard: '腐蚀性液体储罐、管线腐蚀泄漏',
      accident: '灼烫',
      measures: '围堰与防腐地坪；液位报警；作业穿戴防酸碱服；洗眼器每周检查',
    }
  if (/聚合|加氢|氯化|电解|合成氨|裂化|硝化|磺化|合成/.test(what))
    return {
      hazard: '重点监管危险化工工艺超温、超压，反应失控',
      accident: '火灾、爆炸、中毒和窒息',
      measures: '温度压力联锁和 SIS；DCS 报警；工艺卡片与操作规程；关键岗位持证上岗',
    }
  if (/仓库|仓储|库/.test(what))
    return {
      hazard: '危险化学品混存、包装破损泄漏',
      accident: '火灾、中毒和窒息',
      measures: '分区分类储存并限量；温湿度监测；视频监控与巡检；出入库登记',
    }
  return {
    hazard: '设备故障、机械伤害与触电',
    accident: '机械伤害、触电',
    measures: '设备定期维护保养；安全防护罩；电气设备定期检测；岗位安全操作规程',
  }
}

interface AssetRow {
  id: string
  kind: string
  enterprise_id: string
  name: string
  name_en: string | null
  use: string | null
  farm_id: string | null
  lon: number
  lat: number
}

const daysAgoIso = (now: number, days: number) => new Date(now - days * 86_400_000).toISOString()

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING); needs the seeded park (enterprises, assets). Run as the owner
 * (`db.owner`) or in park scope: it sets the park scope for forced RLS. Returns the number of rows inserted.
 */
export async function seedRiskDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const enterprises = (
    await q.query<{ id: string; risk: RiskColor }>(`SELECT id, risk FROM enterprises ORDER BY id`)
  ).rows
  if (!enterprises.length) return 0
  const assets = (
    await q.query<AssetRow>(
      `SELECT id, kind, enterprise_id, name, name_en, props->>'use' AS use, props->>'farm_id' AS farm_id,
              ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
         FROM assets WHERE enterprise_id IS NOT NULL AND kind IN ('tank_farm', 'tank', 'building')
        ORDER BY enterprise_id, id`,
    )
  ).rows
  let n = 0
  const run = async (sql: string, params: unknown[]) => {
    const c = (await q.query(sql, params)).rowCount ?? 0
    n += c
    return c
  }
  for (const ent of enterprises) {
    const mine = assets.filter((a) => a.enterprise_id === ent.id)
    const farms = mine.filter((a) => a.kind === 'tank_farm').slice(0, 3)
    let process = mine.filter((a) => a.kind === 'building' && a.use === 'process').slice(0, 2)
    if (!process.length)
      process = mine.filter((a) => a.kind === 'building' && a.use === 'warehouse').slice(0, 2)
    const points: { unit: string; at: AssetRow; label: string }[] = []
    for (const f of farms) {
      const unit = `RU-${f.id}`
      const tanks = mine.filter((a) => a.kind === 'tank' && a.farm_id === f.id)
      await run(
        `INSERT INTO risk_units (id, enterprise_id, name, name_en, unit_type, responsible, created_by, updated_by)
         VALUES ($1, $2, $3, $4, 'tank_farm', $5, 'seed', 'seed') ON CONFLICT DO NOTHING`,
        [unit, ent.id, f.name, f.name_en, '储运车间主任'],
      )
      await run(
        `INSERT INTO risk_unit_assets (unit_id, enterprise_id, asset_id) SELECT $1, $2, unnest($3::text[])
         ON CONFLICT DO NOTHING`,
        [unit, ent.id, [f.id, ...tanks.map((t) => t.id)]],
      )
      for (const t of tanks.slice(0, tanks.length >= 4 ? 2 : 1))
        points.push({ unit, at: t, label: `${f.name} · ${t.name}` })
    }
    for (const b of process) {
      const unit = `RU-${b.id}`
      await run(
        `INSERT INTO risk_units (id, enterprise_id, name, name_en, unit_type, responsible, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'seed', 'seed') ON CONFLICT DO NOTHING`,
        [unit, ent.id, b.name, b.name_en, b.use === 'warehouse' ? 'warehouse' : 'process', '生产车间主任'],
      )
      await run(
        `INSERT INTO risk_unit_assets (unit_id, enterprise_id, asset_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [unit, ent.id, b.id],
      )
      points.push({ unit, at: b, label: b.name })
    }
    // the top point: a farm of the most hazardous contents first (the order above), else a process unit
    for (const [i, p] of points.entries()) {
      const hz = hazardOf(p.label)
      const inserted = await run(
        `INSERT INTO risk_points (id, unit_id, enterprise_id, name, name_en, hazard, accident, measures, asset_id, geom,
                                  created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326), 'seed', 'seed')
         ON CONFLICT DO NOTHING`,
        [
          `RP-${p.at.id}`,
          p.unit,
          ent.id,
          p.label,
          p.at.name_en,
          hz.hazard,
          hz.accident,
          hz.measures,
          p.at.id,
          p.at.lon,
          p.at.lat,
        ],
      )
      if (!inserted) continue
      const colour = seedColour(ent.risk, i)
      const options = lecByColour[colour]
      const [l, e, c] = options[i % options.length]!
      // half the points were assessed a year ago too, one step more severe before the measures were added
      if (i % 2 === 1) {
        const older = lecByColour[ladder[Math.max(0, ladder.indexOf(colour) - 1)]!][0]!
        await run(
          `INSERT INTO risk_assessments (point_id, enterprise_id, l, e, c, note, assessed_by, assessed_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'seed', $7)`,
          [`RP-${p.at.id}`, ent.id, ...older, '年度风险辨识评估', daysAgoIso(now, 380)],
        )
      }
      await run(
        `INSERT INTO risk_assessments (point_id, enterprise_id, l, e, c, note, assessed_by, assessed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'seed', $7)`,
        [
          `RP-${p.at.id}`,
          ent.id,
          l,
          e,
          c,
          i % 2 === 1 ? '增设管控措施后复评' : '年度风险辨识评估',
          daysAgoIso(now, 20 + i),
        ],
      )
    }
  }
  return n
}
