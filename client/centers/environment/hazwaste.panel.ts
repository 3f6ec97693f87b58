import type { EnterpriseHazwaste, HazwasteSummary, StorageState } from '../../../server/contracts/hazwaste'
import { hazwasteApi } from '../../api/hazwaste.api'
import { h, mountChildren } from '../../core/dom'
import { numberFormat, pick, t } from '../../shell/i18n/i18n'
import { riskHex } from '../../twin/palette'
import { barList, figures, list, panel } from '../widgets'

// 危废贮存 panel of the 环保监管中心: per enterprise, stock against the permitted storage limit and the age of the
// oldest batch in store; over the limit or over one year in red, the 30-day warning in orange.

const ok = '#00e5ff'
const colourOf = (e: EnterpriseHazwaste) =>
  e.over_limit || e.storage_state === 'over_1y'
    ? riskHex.red
    : e.storage_state === 'near_1y' || e.fill_pct >= 90
      ? riskHex.orange
      : ok
const stateText: Record<StorageState, () => string> = {
  ok: () => t('hazwaste.ok'),
  near_1y: () => t('hazwaste.near1y'),
  over_1y: () => t('hazwaste.over1y'),
}
const tonnes = (v: number) => numberFormat(v, 1)

/** The panel for a loaded summary (null: still loading; 'failed': the request failed). */
export function renderHazwastePanel(summary: HazwasteSummary | null | 'failed'): HTMLElement {
  const title = t('hazwaste.title')
  const opts = { testid: 'hazwaste-panel', grow: true }
  if (summary === null) return panel(title, h('div', { class: 'muted' }, t('common.loading')), opts)
  if (summary === 'failed') return panel(title, h('div', { class: 'muted' }, t('common.loadFailed')), opts)
  const ents = summary.enterprises
  if (!ents.length) return panel(title, h('div', { class: 'muted' }, t('hazwaste.none')), opts)
  const stock = ents.reduce((s, e) => s + e.stock_t, 0)
  const sorted = [...ents].sort((a, b) => b.fill_pct - a.fill_pct)
  return panel(
    title,
    [
      figures([
        { label: t('hazwaste.enterprises'), value: numberFormat(ents.length) },
        { label: t('hazwaste.stock'), value: tonnes(stock), unit: t('unit.t') },
        { label: t('hazwaste.overLimit'), value: numberFormat(ents.filter((e) => e.over_limit).length) },
        {
          label: t('hazwaste.over1y'),
          value: numberFormat(ents.filter((e) => e.storage_state === 'over_1y').length),
        },
      ]),
      h('div', { class: 'muted' }, t('hazwaste.byEnterprise')),
      barList(
        sorted.map((e) => ({
          name: pick(e.name, e.name_en),
          value: e.fill_pct,
          text: `${numberFormat(e.fill_pct, 1)}%`,
          colour: colourOf(e),
        })),
      ),
      list(
        sorted.map((e) => ({
          key: e.enterprise_id,
          colour: colourOf(e),
          main: pick(e.name, e.name_en),
          sub: [
            t('hazwaste.fill', { stock: tonnes(e.stock_t), limit: tonnes(e.permitted_limit_t) }),
            e.oldest_batch_age_days !== null && t('hazwaste.oldest', { n: e.oldest_batch_age_days }),
            e.open_manifests > 0 && t('hazwaste.openManifests', { n: e.open_manifests }),
          ]
            .filter(Boolean)
            .join(' · '),
          side: e.over_limit ? t('hazwaste.overLimit') : stateText[e.storage_state](),
        })),
      ),
    ],
    opts,
  )
}

/** A summary younger than this is shown without fetching again (the ledger changes a few times a day). */
const freshMs = 60_000
let cache: { at: number; summary: HazwasteSummary } | null = null

/**
 * The 危废贮存 panel: returns at once (from a fresh cached summary, else "loading") and replaces itself in place
 * when GET /api/v1/hazwaste/summary answers. Safe to call on every render of the center.
 */
export function hazwastePanel(
  load: (signal?: AbortSignal) => Promise<HazwasteSummary> = hazwasteApi.summary,
  now: () => number = Date.now,
): HTMLElement {
  if (cache && now() - cache.at < freshMs) return renderHazwastePanel(cache.summary)
  const holder = h('div', { class: 'hazwaste-holder', style: 'display:contents' }, renderHazwastePanel(null))
  load().then(
    (summary) => {
      cache = { at: now(), summary }
      mountChildren(holder, renderHazwastePanel(summary))
    },
    () => mountChildren(holder, renderHazwastePanel('failed')),
  )
  return holder
}

/** Forget the cached summary (sign-out, or after a ledger change). */
export function resetHazwastePanel(): void {
  cache = null
}
