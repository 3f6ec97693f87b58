import type { PositionSample } from '../../server/contracts'
import { systemScope, type Db } from '../../server/platform/db/db'
import type { Bus } from '../../server/platform/bus/bus'
import { streams } from '../../server/platform/bus/bus'
import { insertPositions, upsertTags } from '../../server/modules/tags/tags.repository'
import { startPositionWriter } from '../../server/modules/tags/positions.writer'
import { createLogger } from '../../server/platform/logger'
import { round } from './stats'

const t0 = Date.parse('2026-11-28T00:00:00Z')

/** n samples for `tags` tags, one per tag per second, walking east from the park centre. */
export function samples(n: number, tags: number, offsetS = 0): PositionSample[] {
  const out: PositionSample[] = []
  for (let i = 0; i < n; i++) {
    const tag = i % tags
    const s = Math.floor(i / tags) + offsetS
    out.push({
      tag_id: `CARD-${String(tag + 1).padStart(4, '0')}`,
      t: new Date(t0 + s * 1000).toISOString(),
      lon: 120.95 + s * 1e-5,
      lat: 31.95 + tag * 1e-4,
      speed_kmh: 30,
      heading_deg: 90,
      source: 'bench',
    })
  }
  return out
}

export async function prepareTags(db: Db, tags: number): Promise<void> {
  await db.tx(systemScope, (q) =>
    upsertTags(
      q,
      Array.from({ length: tags }, (_, i) => ({
        id: `CARD-${String(i + 1).padStart(4, '0')}`,
        kind: 'vehicle' as const,
        label: `bench ${i}`,
        enterprise_id: null,
      })),
    ),
  )
  await db.query(systemScope, `SELECT ensure_day_partitions('positions', '2026-11-27', 5)`)
}

/** Direct batch inserts into the partitioned positions table. */
export async function benchInsert(db: Db, total: number, batch: number, tags: number) {
  const all = samples(total, tags)
  const t = performance.now()
  for (let i = 0; i < all.length; i += batch) {
    const chunk = all.slice(i, i + batch)
    await db.tx(systemScope, (q) => insertPositions(q, chunk))
  }
  const s = (performance.now() - t) / 1000
  return { samples: total, batch, seconds: round(s, 2), samples_per_s: Math.round(total / s) }
}

/** Bus → writer → PostGIS: publish batches and wait until every sample is stored. */
export async function benchPipeline(
  db: Db,
  bus: Bus,
  total: number,
  batch: number,
  tags: number,
  offsetS: number,
) {
  const all = samples(total, tags, offsetS)
  const before = await count(db)
  const writer = startPositionWriter(db, bus, createLogger('silent'), 'bench')
  await new Promise((r) => setTimeout(r, 300)) // group created
  const t = performance.now()
  for (let i = 0; i < all.length; i += batch)
    await bus.publish(streams.positions, { samples: all.slice(i, i + batch) })
  while ((await count(db)) - before < total) await new Promise((r) => setTimeout(r, 50))
  const s = (performance.now() - t) / 1000
  await writer.stop()
  return { samples: total, batch, seconds: round(s, 2), samples_per_s: Math.round(total / s) }
}

async function count(db: Db): Promise<number> {
  return (await db.query<{ n: number }>(systemScope, 'SELECT count(*)::int AS n FROM positions'))[0]!.n
}
