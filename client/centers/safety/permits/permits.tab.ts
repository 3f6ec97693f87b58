import type { SpotCheck, WorkFiling, WorkPermit } from '../../../../server/contracts/permits'
import { permitsApi, type PermitsApi } from '../../../api/permits.api'
import { h } from '../../../core/dom'
import { onLocaleChange } from '../../../shell/i18n/i18n'
import { overlayPickId, parsePickId } from '../../../twin/pick-id'
import type { CenterContext } from '../../center'
import type { WorkbenchTab } from '../../workbench'
import { figures, list } from '../../widgets'
import { openApplyDialog, openFilingDialog } from './apply-form'
import { openPermitDialog } from './permit-dialog'
import { gradeKey, groupByType, permitColour, windowText, workPermitsOverlay } from './permit-model'
import { tx } from './permit-texts'

const refreshMs = 60_000

interface TabData {
  active: WorkPermit[]
  spot: SpotCheck[]
  filings: WorkFiling[]
  radius: number
}

/**
 * 特殊作业 (GB 30871-2022): the active permits by type with grade, window and flags (a click opens the permit and
 * flies the twin to it), the spot checks (在线抽查), the filings (报备); apply and file buttons for the accounts
 * that write. Fills the work-permits twin overlay while mounted.
 */
export function permitsTab(api: PermitsApi = permitsApi): WorkbenchTab {
  return {
    id: 'permits',
    title: () => tx('tab'),
    mount(ctx: CenterContext) {
      const el = h('div', { class: 'permits-tab' })
      let data: TabData | null = null
      let failed = false
      let stopped = false
      let timer: ReturnType<typeof setTimeout> | null = null
      const me = () => ctx.store.get().me
      const writer = () => ['park_admin', 'enterprise_user'].includes(me()?.role ?? '')

      const open = (p: WorkPermit) => {
        ctx.focus(parsePickId(overlayPickId('work_permit', p.id))!)
        openPermitDialog(p.id, me()?.role ?? null, { api, onChanged: load })
      }

      const render = () => {
        if (!data) {
          el.replaceChildren(h('div', { class: 'muted' }, failed ? tx('failed') : tx('loading')))
          return
        }
        const { active, spot, filings } = data
        const toolbar = writer()
          ? h(
              'div',
              { style: 'display:flex;gap:6px;margin-bottom:6px' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'data-testid': 'permits-apply',
                  onclick: () =>
                    openApplyDialog(me(), ctx.store.get().data, {
                      api,
                      onCreated: (id) => {
                        load()
                        openPermitDialog(id, me()?.role ?? null, { api, onChanged: load })
                      },
                    }),
                },
                tx('apply'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  'data-testid': 'permits-file',
                  onclick: () => openFilingDialog(me(), ctx.store.get().data, { api, onFiled: load }),
                },
                tx('file'),
              ),
            )
          : null
        const inWork = active.filter((p) => p.status === 'in_work')
        el.replaceChildren(
          ...[
            toolbar,
            figures([
              { label: tx('in_work'), value: String(inWork.length) },
              {
                label: tx('hot_work'),
                value: String(inWork.filter((p) => p.work_type === 'hot_work').length),
              },
              { label: tx('approved'), value: String(active.length - inWork.length) },
              { label: tx('spotChecks'), value: String(spot.length) },
            ]),
            h('div', { class: 'section-title' }, tx('active')),
            h(
              'div',
              { 'data-testid': 'permits-active' },
              active.length
                ? groupByType(active).map((g) =>
                    h(
                      'div',
                      { 'data-type': g.type },
                      h(
                        'div',
                        { class: 'muted', style: 'margin-top:4px' },
                        `${tx(g.type)} (${g.permits.length})`,
                      ),
                      list(
                        g.permits.map((p) => ({
                          key: p.id,
                          colour: permitColour(p),
                          main: `${p.enterprise_name ?? p.enterprise_id} · ${p.place}`,
                          sub: [
                            p.number,
                            gradeKey(p.grade) ? tx(gradeKey(p.grade)!) : null,
                            tx(p.status),
                            ...p.flags.map((f) => `⚑ ${tx(f)}`),
                          ]
                            .filter(Boolean)
                            .join(' · '),
                          side: windowText(p.window_from, p.window_to),
                          onClick: () => open(p),
                        })),
                      ),
                    ),
                  )
                : h('div', { class: 'muted' }, tx('none')),
            ),
            h('div', { class: 'section-title' }, tx('spotChecks')),
            h(
              'div',
              { 'data-testid': 'permits-spot-checks' },
              spot.length
                ? list(
                    spot.map((f) => ({
                      key: `${f.flag}:${f.ref_id}`,
                      colour: f.flag === 'filed_no_permit' ? '#ff8c1a' : '#ff3b3b',
                      main: `${tx(f.flag)} · ${f.enterprise_id} ${tx(f.work_type)}`,
                      sub: `${f.number ?? f.ref_id} · ${f.place}`,
                      side: windowText(f.window_from, f.window_to),
                      onClick: f.ref_id.startsWith('WF-')
                        ? undefined
                        : () => openPermitDialog(f.ref_id, me()?.role ?? null, { api, onChanged: load }),
                    })),
                  )
                : h('div', { class: 'muted' }, tx('none')),
            ),
            h('div', { class: 'section-title' }, tx('filings')),
            h(
              'div',
              { 'data-testid': 'permits-filings' },
              filings.length
                ? list(
                    filings.slice(0, 50).map((f) => ({
                      key: f.id,
                      colour: f.status === 'filed' ? '#35d07f' : '#9aa5b1',
                      main: `${f.enterprise_name ?? f.enterprise_id} · ${tx(f.work_type)} · ${f.place}`,
                      sub: `${f.id} · ${tx(f.status === 'filed' ? 'filed' : 'withdrawn')} · ${tx('permits')} ${f.permit_ids.length}`,
                      side: windowText(f.window_from, f.window_to),
                    })),
                  )
                : h('div', { class: 'muted' }, tx('none')),
            ),
          ].filter((x) => x !== null),
        )
      }

      function load() {
        if (timer) clearTimeout(timer)
        Promise.all([api.list({ active: true }), api.spotChecks(), api.filings(), api.settings()]).then(
          ([active, spot, filings, settings]) => {
            if (stopped) return
            data = { active, spot, filings, radius: settings.isolation_radius_m }
            failed = false
            workPermitsOverlay.set({ permits: active, radiusM: settings.isolation_radius_m })
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

      const stopLocale = onLocaleChange(render)
      render()
      load()
      return {
        el,
        destroy() {
          stopped = true
          if (timer) clearTimeout(timer)
          stopLocale()
        },
      }
    },
  }
}
