import type { AssetPlan, EmergencyPlan } from '../../../server/contracts/emergency-plans'
import { emergencyPlansApi, type EmergencyPlansApi } from '../../api/emergency-plans.api'
import { h } from '../../core/dom'
import { pick } from '../../shell/i18n/i18n'
import { loadedSection, type DetailSectionFactory } from '../../shell/detail-sections'
import type { CenterContext } from '../center'
import { list, panel } from '../widgets'
import { canWritePlans } from './plan-edit-model'
import { openEditablePlanViewer, openPlanForm, type PlanEditContext } from './plan-editor'
import { dueColour, openPlanViewer, planDueText, planMeta, planUrgency, sortPlans, tp } from './plan-viewer'

const refreshMs = 60_000

/**
 * 应急预案: the current version of every plan the account may see, urgent first (drill or revision overdue,
 * then due); the reminder or next drill date on the side, coloured when due. A click opens the plan viewer, with
 * its edit controls for park admins and enterprise accounts (their own plans); they also create plans here.
 */
export function mountPlansPanel(
  ctx: CenterContext,
  api: EmergencyPlansApi = emergencyPlansApi,
): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'env-slot', 'data-slot': 'plans' })
  let rows: EmergencyPlan[] | null = null
  let failed = false
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const edit: PlanEditContext = {
    me: () => ctx.store.get().me,
    data: () => ctx.store.get().data,
    api,
    onChanged: () => {
      if (timer) clearTimeout(timer)
      if (!stopped) load()
    },
  }
  const writer = () => canWritePlans(ctx.store.get().me?.role)
  const open = (id: string) => (writer() ? openEditablePlanViewer(id, edit) : openPlanViewer(id, api))
  const render = () => {
    const data = ctx.store.get().data
    const body = rows
      ? list(
          sortPlans(rows).map((p) => {
            const e = p.enterprise_id ? data?.enterpriseById.get(p.enterprise_id) : null
            return {
              key: p.id,
              colour: dueColour[planUrgency(p)],
              main: p.title,
              sub: [planMeta(p), e ? pick(e.properties.name, e.properties.name_en) : p.enterprise_id]
                .filter(Boolean)
                .join(' · '),
              side: planDueText(p),
              onClick: () => void open(p.id),
            }
          }),
        )
      : h('div', { class: 'muted' }, failed ? tp('unavailable') : tp('loading'))
    const due = rows?.filter((p) => ['due', 'overdue'].includes(planUrgency(p))).length ?? 0
    const toolbar = writer()
      ? h(
          'div',
          { class: 'plans-toolbar' },
          h(
            'button',
            {
              type: 'button',
              'data-testid': 'plan-new',
              onclick: () => void openPlanForm('create', edit, null),
            },
            tp('newPlan'),
          ),
        )
      : null
    slot.replaceChildren(
      panel(tp('plans'), [toolbar, body], {
        grow: true,
        testid: 'emergency-plans',
        extra: rows ? (due ? tp('dueCount', { n: due }) : String(rows.length)) : '',
      }),
    )
  }
  const load = () => {
    api.list().then(
      (r) => {
        if (stopped) return
        rows = r
        failed = false
        render()
      },
      () => {
        if (stopped) return
        failed = true
        render()
      },
    )
    timer = setTimeout(load, refreshMs)
  }
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale || s.data !== prev.data || s.me !== prev.me) render()
  })
  render()
  load()
  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopStore()
    },
  }
}

/** Asset kinds whose details list their on-site disposal plans. */
const planAssetKinds = new Set(['tank', 'tank_farm'])

/**
 * The "现场处置方案" part of an asset's details (client/shell/asset-panel.view.ts): the on-site disposal plans of
 * a tank or tank farm (its own, its farm's) as links that open the plan viewer. Fetched once a minute per asset.
 */
export const assetPlansSection = (
  api: Pick<EmergencyPlansApi, 'ofAsset' | 'get'> = emergencyPlansApi,
): DetailSectionFactory =>
  loadedSection<AssetPlan[]>({
    testid: 'asset-plans',
    title: () => tp('assetPlans'),
    applies: (sel, kind) => sel.type === 'asset' && kind !== null && planAssetKinds.has(kind),
    load: (sel, signal) => api.ofAsset(sel.id, 'onsite', signal),
    view: (plans) =>
      plans.length
        ? plans.map((p) =>
            h(
              'div',
              {},
              h(
                'a',
                {
                  href: '#',
                  'data-testid': 'asset-plan-link',
                  'data-plan': p.id,
                  onclick: ((e: Event) => {
                    e.preventDefault()
                    openPlanViewer(p.id, api)
                  }) as EventListener,
                },
                p.title,
              ),
              h(
                'span',
                { class: 'muted', style: `margin-left:6px;color:${dueColour[planUrgency(p)]}` },
                `${tp(`via_${p.via}`)} · ${planDueText(p)}`,
              ),
            ),
          )
        : h('div', { class: 'muted' }, '—'),
  })
