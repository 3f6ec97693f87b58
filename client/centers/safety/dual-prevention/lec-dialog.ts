import {
  cOptions,
  defaultBands,
  eOptions,
  lOptions,
  type LecOption,
  type RiskBand,
  type RiskColor,
  type RiskPointDetail,
} from '../../../../server/contracts/risk'
import { riskApi, type RiskApi } from '../../../api/risk.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { getLocale, pick } from '../../../shell/i18n/i18n'
import { riskHex } from '../../../twin/palette'
import { lecPreview } from './dual-model'
import { tx } from './dual-texts'

const colourLabel = (c: RiskColor | null, bands: readonly RiskBand[]) => {
  if (!c) return tx('none')
  const b = bands.find((x) => x.colour === c)
  return b ? pick(b.label, b.label_en) : tx(c)
}

/** A coloured chip: "● 重大风险". */
export function colourChip(c: RiskColor | null, bands: readonly RiskBand[], testid?: string): HTMLElement {
  return h(
    'span',
    {
      class: 'badge',
      'data-testid': testid,
      style: `border-color:${c ? riskHex[c] : '#8aa0b8'};color:${c ? riskHex[c] : '#8aa0b8'}`,
    },
    `● ${colourLabel(c, bands)}`,
  )
}

function kv(rows: [string, string | null | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]),
  )
}

/** The point's facts and current LEC (details panel and dialog). */
export function pointFacts(p: RiskPointDetail, bands: readonly RiskBand[]): HTMLElement {
  const cur = p.current
  return h(
    'div',
    {},
    h(
      'div',
      {},
      colourChip(cur?.colour ?? null, bands, 'risk-point-colour'),
      ' ',
      h('b', {}, pick(p.name, p.name_en)),
    ),
    kv([
      [tx('units'), p.unit_name],
      [tx('hazard'), p.hazard],
      [tx('accident'), p.accident],
      [tx('measures'), p.measures],
      [tx('lec'), cur ? `L ${cur.l} × E ${cur.e} × C ${cur.c} = ${cur.d}` : tx('none')],
      [tx('controlLevel'), p.control_level ? pick(p.control_level, p.control_level_en) : null],
    ]),
  )
}

function picker(name: 'l' | 'e' | 'c', options: readonly LecOption[], value: number): HTMLSelectElement {
  return h(
    'select',
    { name, 'data-testid': `lec-${name}`, style: 'width:100%' },
    options.map((o) =>
      h(
        'option',
        { value: String(o.value), selected: o.value === value },
        `${o.value} — ${getLocale() === 'en' ? o.en : o.zh}`,
      ),
    ),
  ) as HTMLSelectElement
}

/**
 * The LEC dialog of a risk point: its facts, its assessment history and, for those who keep the register
 * (`canAssess`), the L / E / C pickers with the standard's descriptions, the live D, colour and danger level, and
 * Save (a new assessment that becomes the current one).
 */
export function openLecDialog(
  pointId: string,
  opts: {
    canAssess: boolean
    onSaved?: (p: RiskPointDetail) => void
    api?: Pick<RiskApi, 'point' | 'assess' | 'bands'>
  } = {
    canAssess: false,
  },
): { close(): void } {
  const api = opts.api ?? riskApi
  const dlg = openDialog({ title: tx('lec'), testid: 'lec-dialog', width: 'min(680px,92vw)' })
  dlg.body.replaceChildren(h('div', { class: 'muted' }, tx('loading')))
  let bands: RiskBand[] = [...defaultBands]

  const render = (p: RiskPointDetail) => {
    const cur = p.current
    const l = picker('l', lOptions, cur?.l ?? 3)
    const e = picker('e', eOptions, cur?.e ?? 6)
    const c = picker('c', cOptions, cur?.c ?? 7)
    const note = h('input', {
      name: 'note',
      'data-testid': 'lec-note',
      style: 'width:100%',
    }) as HTMLInputElement
    const live = h('div', { 'data-testid': 'lec-live', style: 'margin:8px 0;font-size:1.1em' })
    const status = h('div', { class: 'muted', 'data-testid': 'lec-status' })
    const update = () => {
      const r = lecPreview(Number(l.value), Number(e.value), Number(c.value), bands)
      live.replaceChildren(
        h('b', { 'data-testid': 'lec-d' }, `D = ${r.d}`),
        ' ',
        colourChip(r.colour, bands, 'lec-colour'),
        ' ',
        h('span', { class: 'muted' }, getLocale() === 'en' ? r.level.en : r.level.zh),
      )
    }
    for (const s of [l, e, c]) s.addEventListener('change', update)
    update()
    const save = h('button', { type: 'submit', 'data-testid': 'lec-save' }, tx('save'))
    const form = h(
      'form',
      {
        onsubmit: ((ev: Event) => {
          ev.preventDefault()
          save.setAttribute('disabled', '')
          status.textContent = tx('loading')
          api
            .assess(p.id, {
              l: Number(l.value),
              e: Number(e.value),
              c: Number(c.value),
              ...(note.value.trim() ? { note: note.value.trim() } : {}),
            })
            .then(
              (next) => {
                opts.onSaved?.(next)
                render(next)
              },
              (err: unknown) => {
                save.removeAttribute('disabled')
                status.textContent = `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`
              },
            )
        }) as EventListener,
      },
      h('div', { class: 'section-title' }, cur ? tx('reassess') : tx('assess')),
      h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, tx('l')), l),
      h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, tx('e')), e),
      h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, tx('c')), c),
      live,
      h('label', { style: 'display:block;margin:4px 0' }, h('div', { class: 'muted' }, tx('note')), note),
      h('div', { style: 'display:flex;gap:8px;margin-top:6px' }, save),
      status,
    )
    dlg.body.replaceChildren(
      pointFacts(p, bands),
      ...(opts.canAssess ? [form] : []),
      h('div', { class: 'section-title' }, tx('history')),
      h(
        'div',
        { 'data-testid': 'lec-history' },
        p.history.map((a) =>
          h(
            'div',
            { style: 'display:flex;gap:8px;align-items:center;margin:2px 0' },
            h('span', {
              class: 'swatch',
              style: `background:${riskHex[a.colour]};width:8px;height:8px;display:inline-block`,
            }),
            `${a.assessed_at.slice(0, 10)} · L ${a.l} × E ${a.e} × C ${a.c} = ${a.d}`,
            a.note ? h('span', { class: 'muted' }, a.note) : null,
            h('span', { class: 'muted' }, a.assessed_by ?? ''),
          ),
        ),
      ),
      h('div', { class: 'muted', style: 'margin-top:8px' }, `${tx('bands')}: ${tx('bandsNote')}`),
    )
  }

  Promise.all([api.point(pointId, dlg.signal), api.bands(dlg.signal)]).then(
    ([p, b]) => {
      bands = b
      render(p)
    },
    (err: unknown) => {
      if ((err as { name?: string })?.name === 'AbortError') return
      dlg.body.replaceChildren(
        h('div', { class: 'muted' }, `${tx('failed')}: ${err instanceof Error ? err.message : ''}`),
      )
    },
  )
  return dlg
}
