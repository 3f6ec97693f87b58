import type { Queryable } from '../../platform/db/db'
import { parkDay } from './hazwaste.rules'

// Demo ledger for three enterprises of the demo park, with days relative to the first seeding: E02 ordinary
// (one manifest received, one open), E05 near its permitted storage limit (93 %), E06 with a batch 15 days
// short of the one-year storage limit (the 30-day warning). Waste codes from 《国家危险废物名录》(2021).

type Stream = [
  id: string,
  ent: string,
  cat: string,
  code: string,
  name: string,
  nameEn: string,
  hazards: string[],
  form: string,
]
const streams: Stream[] = [
  ['HWS-E02-08', 'E02', 'HW08', '900-249-08', '废矿物油', 'waste mineral oil', ['T', 'I'], 'liquid'],
  ['HWS-E02-49', 'E02', 'HW49', '900-041-49', '废包装物', 'contaminated packaging', ['T', 'In'], 'solid'],
  [
    'HWS-E05-06',
    'E05',
    'HW06',
    '900-404-06',
    '废有机溶剂',
    'spent organic solvent',
    ['T', 'I', 'R'],
    'liquid',
  ],
  ['HWS-E05-49', 'E05', 'HW49', '900-041-49', '废包装物', 'contaminated packaging', ['T', 'In'], 'solid'],
  [
    'HWS-E06-02',
    'E06',
    'HW02',
    '271-001-02',
    '蒸馏及反应残余物',
    'distillation and reaction residues',
    ['T'],
    'semi_solid',
  ],
]
type Facility = [id: string, ent: string, name: string, nameEn: string, kind: string, limitT: number]
const facilities: Facility[] = [
  ['HWF-E02-1', 'E02', '危废暂存库1号', 'hazardous waste store 1', 'warehouse', 80],
  ['HWF-E05-1', 'E05', '危废暂存库', 'hazardous waste store', 'warehouse', 50],
  ['HWF-E06-1', 'E06', '危废贮存间', 'hazardous waste room', 'warehouse', 30],
]
/** [id, stream, facility, days before the seeding day, tonnes] */
type Batch = [string, string, string, number, number]
const batches: Batch[] = [
  ['HWG-E02-1', 'HWS-E02-08', 'HWF-E02-1', 120, 6.5],
  ['HWG-E02-2', 'HWS-E02-08', 'HWF-E02-1', 60, 7.2],
  ['HWG-E02-3', 'HWS-E02-49', 'HWF-E02-1', 20, 1.8],
  ['HWG-E05-1', 'HWS-E05-06', 'HWF-E05-1', 150, 18],
  ['HWG-E05-2', 'HWS-E05-06', 'HWF-E05-1', 75, 16.5],
  ['HWG-E05-3', 'HWS-E05-49', 'HWF-E05-1', 30, 12],
  ['HWG-E06-1', 'HWS-E06-02', 'HWF-E06-1', 350, 4.2],
  ['HWG-E06-2', 'HWS-E06-02', 'HWF-E06-1', 40, 3.1],
]

const dayBefore = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING); seeds only enterprises that exist, so call it after the
 * park seed. Run it as the owner (`db.owner`) or in park scope: it sets the park scope for forced RLS.
 * Returns the number of ledger rows inserted.
 */
export async function seedHazwasteDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const present = new Set(
    (
      await q.query<{ id: string }>('SELECT id FROM enterprises WHERE id = ANY($1)', [['E02', 'E05', 'E06']])
    ).rows.map((r) => r.id),
  )
  const today = parkDay(now)
  let n = 0
  const run = async (sql: string, params: unknown[]) => {
    n += (await q.query(sql, params)).rowCount ?? 0
  }
  for (const [id, ent, cat, code, name, nameEn, hazards, form] of streams)
    if (present.has(ent))
      await run(
        `INSERT INTO hazwaste_streams (id, enterprise_id, hw_category, waste_code, name, name_en, hazards, form)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [id, ent, cat, code, name, nameEn, hazards, form],
      )
  for (const [id, ent, name, nameEn, kind, limit] of facilities)
    if (present.has(ent))
      await run(
        `INSERT INTO hazwaste_facilities (id, enterprise_id, name, name_en, kind, permitted_limit_t)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [id, ent, name, nameEn, kind, limit],
      )
  for (const [id, stream, facility, ago, t] of batches) {
    const ent = stream.slice(4, 7)
    if (present.has(ent))
      await run(
        `INSERT INTO hazwaste_generations (id, enterprise_id, stream_id, facility_id, day, quantity_t)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [id, ent, stream, facility, dayBefore(today, ago), t],
      )
  }
  if (present.has('E02')) {
    // E02: the first oil batch went out and arrived (FIFO: the 60-day batch is now the oldest); a second is booked
    const shipped = dayBefore(today, 45)
    await run(
      `INSERT INTO hazwaste_manifests (id, enterprise_id, manifest_no, stream_id, facility_id, quantity_t, receiver_name,
                                       receiver_licence, transporter, planned_date, actual_date, status,
                                       received_quantity_t, received_date)
       VALUES ('HWM-E02-1', 'E02', '3206002026000101', 'HWS-E02-08', 'HWF-E02-1', 6.5, '江苏清源环保科技有限公司',
               'JSYC0601OOD001-5', '江海危险品运输有限公司', $1, $1, 'received', 6.48, $2)
       ON CONFLICT DO NOTHING`,
      [shipped, dayBefore(today, 44)],
    )
    await run(
      `INSERT INTO hazwaste_manifests (id, enterprise_id, manifest_no, stream_id, facility_id, quantity_t, receiver_name,
                                       receiver_licence, transporter, planned_date)
       VALUES ('HWM-E02-2', 'E02', '3206002026000102', 'HWS-E02-08', 'HWF-E02-1', 5, '江苏清源环保科技有限公司',
               'JSYC0601OOD001-5', '江海危险品运输有限公司', $1)
       ON CONFLICT DO NOTHING`,
      [dayBefore(today, -7)],
    )
  }
  return n
}
