import type {
  DrillControl,
  DrillEvaluation,
  DrillRunView,
  DrillStepState,
  DrillSummary,
} from '../../../server/contracts/drills'
import type { AssetFeature } from '../../../server/contracts'
import type { DrillScript } from '../../../scenes/drills/schema'
import { ApiError } from '../../api/api-error'
import { drillReportUrl, drillsApi, type DrillsApi } from '../../api/drills.api'
import { assetsOfKind } from '../../app/park-data'
import { h } from '../../core/dom'
import type { CenterContext } from '../center'
import {
  actionKinds,
  actionLabel,
  drillClock,
  drillOverlay,
  durationText,
  emptyDrillOverlay,
  openSteps,
  personHex,
  pickText,
  playerState,
  scenarioText,
  speeds,
  stepStatusHex,
  stepStatusText,
  td,
  type MusterSpot,
} from './drill-model'
import './drill.css'

const pollMs = 1_000
const pausedPollMs = 3_000

const errorText = (err: unknown) =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err)

/** A point to draw an asset at: a point's coordinates, else the mean of its outer ring. */
function assetPoint(f: AssetFeature): [number, number] | null {
  const g = f.geometry as { type: string; coordinates: unknown }
  if (g.type === 'Point') return g.coordinates as [number, number]
  if (g.type === 'Polygon') {
    const ring = (g.coordinates as number[][][])[0] ?? []
    if (!ring.length) return null
    const n = ring.length
    return [ring.reduce((a, p) => a + p[0]!, 0) / n, ring.reduce((a, p) => a + p[1]!, 0) / n]
  }
  return null
}

/**
 * 应急演练 (drill player): the shipped drill scripts; a started run plays on the server's clock (polled once a
 * second while it plays) with play / pause, ×1–×20, a scrub bar, the step list with each step's state, buttons for
 * the operator actions the script expects, the muster headcount; "结束并评估" ends the run and shows the
 * evaluation with links to the Markdown / CSV / JSON report. The panel feeds the twin's drill overlay.
 */
export function mountDrillPanel(
  ctx: CenterContext,
  api: DrillsApi = drillsApi,
): { el: HTMLElement; destroy(): void } {
  const slot = h('div', { class: 'drill-slot', 'data-slot': 'drills' })
  const titleText = h('span', {}, td('title'))
  const titleExtra = h('span', { class: 'extra' }, '')
  const body = h('div', { class: 'panel-body' })
  slot.append(
    h(
      'section',
      { class: 'panel drill-panel', 'data-testid': 'drill-panel' },
      h('div', { class: 'panel-title' }, titleText, titleExtra),
      body,
    ),
  )

  let drills: DrillSummary[] | null = null
  let listFailed = false
  let busy: 'starting' | 'ending' | null = null
  let error: string | null = null
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | null = null
  let polling = false
  let scrubbing = false

  const ov = () => drillOverlay.get()
  const canSteer = () => ctx.store.get().me?.role !== 'screen'

  const musters = (): MusterSpot[] => {
    const data = ctx.store.get().data
    if (!data) return []
    return assetsOfKind(data, 'muster_point').flatMap((m) => {
      const p = assetPoint(m)
      return p
        ? [{ id: m.id, name: m.properties.name, name_en: m.properties.name_en ?? null, lon: p[0], lat: p[1] }]
        : []
    })
  }

  const setView = (view: DrillRunView) => {
    if (stopped) return
    const cur = ov().view
    if (cur && cur.run.id !== view.run.id) return // an answer about a run closed meanwhile
    drillOverlay.set({ view })
  }

  const fail = (err: unknown) => {
    if (stopped) return
    error = td('failed', { m: errorText(err) })
    render()
  }

  // ------------------------------------------------------------ clock

  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const v = ov().view
    if (stopped || !v || v.run.status === 'ended') return
    timer = setTimeout(poll, v.run.paused || v.state.finished ? pausedPollMs : pollMs)
  }

  function poll(): void {
    const v = ov().view
    if (!v || polling) return schedule()
    polling = true
    api.get(v.run.id).then(
      (view) => {
        polling = false
        try {
          setView(view)
        } finally {
          schedule()
        }
      },
      (err: unknown) => {
        polling = false
        if (!stopped) {
          error = td('failed', { m: errorText(err) })
          render()
        }
        schedule()
      },
    )
  }

  const control = (ctl: DrillControl) => {
    const v = ov().view
    if (!v) return
    error = null
    api.control(v.run.id, ctl).then((view) => {
      setView(view)
      schedule()
    }, fail)
  }

  const act = (kind: string) => {
    const v = ov().view
    if (!v) return
    error = null
    api.action(v.run.id, { kind: kind as never }).then(setView, fail)
  }

  async function start(d: DrillSummary): Promise<void> {
    if (busy) return
    busy = 'starting'
    error = null
    render()
    try {
      const script: DrillScript = await api.script(d.id)
      const view = await api.start(d.id, { speed: 1, paused: false })
      const zones = await api.zones(view.run.id)
      if (stopped) return
      drillOverlay.set({ ...emptyDrillOverlay, tour: ov().tour, script, view, zones, musters: musters() })
      schedule()
    } catch (err) {
      fail(err)
    } finally {
      busy = null
      render()
    }
  }

  async function end(): Promise<void> {
    const v = ov().view
    if (!v || busy) return
    busy = 'ending'
    error = null
    render()
    try {
      const r = await api.end(v.run.id)
      if (stopped) return
      drillOverlay.set({ view: { run: r.run, state: r.state }, evaluation: r.evaluation })
    } catch (err) {
      fail(err)
    } finally {
      busy = null
      render()
    }
  }

  const close = () => {
    if (timer) clearTimeout(timer)
    timer = null
    error = null
    drillOverlay.set({ ...emptyDrillOverlay, tour: ov().tour })
  }

  // ------------------------------------------------------------ rendering

  const button = (
    label: string,
    testid: string,
    onclick: () => void,
    opts: { on?: boolean; disabled?: boolean; cls?: string; title?: string } = {},
  ) =>
    h(
      'button',
      {
        type: 'button',
        class: [opts.on ? 'on' : '', opts.cls ?? ''].filter(Boolean).join(' '),
        'data-testid': testid,
        disabled: opts.disabled,
        title: opts.title,
        onclick: () => onclick(),
      },
      label,
    )

  function renderList(): Node[] {
    if (!drills) return [h('div', { class: 'muted' }, listFailed ? td('unavailable') : td('loading'))]
    return [
      h(
        'ul',
        { class: 'drill-list', 'data-testid': 'drill-list' },
        drills.map((d) =>
          h(
            'li',
            { 'data-drill': d.id },
            h(
              'div',
              { class: 'main' },
              h('div', { class: 'n' }, pickText(d.title)),
              h('div', { class: 's' }, scenarioText(d)),
            ),
            button(
              busy === 'starting' ? td('starting') : td('start'),
              `drill-start-${d.id}`,
              () => void start(d),
              {
                disabled: busy !== null || !canSteer(),
              },
            ),
          ),
        ),
      ),
    ]
  }

  function stepRow(s: DrillStepState, script: DrillScript | null): HTMLElement {
    const label = script?.steps[s.i]?.label
    const deadline = s.expected_by_s !== null ? ` → ${drillClock(s.expected_by_s)}` : ''
    const late = s.status === 'late' && s.lateness_s !== null ? ` +${Math.round(s.lateness_s)} s` : ''
    return h(
      'li',
      { 'data-kind': s.kind, 'data-status': s.status, 'data-actor': s.actor },
      h('span', { class: 'at' }, `${drillClock(s.at_s)}${deadline}`),
      h('span', { class: 'lbl' }, label ? pickText(label) : s.kind),
      h(
        'span',
        { class: 'chip', style: `color:${stepStatusHex[s.status]};border-color:${stepStatusHex[s.status]}` },
        `${stepStatusText(s.status)}${late}`,
      ),
    )
  }

  function renderEvaluation(e: DrillEvaluation, runId: string): HTMLElement {
    const steps = (list: DrillEvaluation['late_steps'], late: boolean) =>
      list.length
        ? list
            .map(
              (s) =>
                `${pickText(s.label)}${late && s.lateness_s !== null ? ` (+${durationText(s.lateness_s)})` : ''}`,
            )
            .join('；')
        : td('none')
    const who = (ps: { id: string }[]) => (ps.length ? ps.map((p) => p.id).join(', ') : td('none'))
    const rows: [string, string, string][] = [
      [td('detect'), durationText(e.times.detect_s), 'detect'],
      [td('alert'), durationText(e.times.alert_s), 'alert'],
      [td('declare'), durationText(e.times.declare_s), 'declare'],
      [td('evacuate'), durationText(e.times.evacuate_s), 'evacuate'],
      [
        td('missingHeadcount'),
        e.missing_at_headcount ? who(e.missing_at_headcount.people) : '—',
        'missing-headcount',
      ],
      [td('missingEnd'), who(e.missing_at_end), 'missing-end'],
      [td('lateSteps'), steps(e.late_steps, true), 'late'],
      [td('missedSteps'), steps(e.missed_steps, false), 'missed'],
    ]
    return h(
      'div',
      { class: 'drill-eval', 'data-testid': 'drill-evaluation' },
      h(
        'div',
        { class: 'score' },
        h('span', { class: 'label' }, td('score')),
        h('span', { class: 'value', 'data-testid': 'drill-score' }, String(e.score.total)),
        h('span', { class: 'unit' }, '/ 100'),
        e.ended_early && h('span', { class: 'muted' }, td('endedEarly')),
      ),
      h(
        'table',
        {},
        rows.map(([k, v, id]) => h('tr', { 'data-row': id }, h('th', {}, k), h('td', {}, v))),
      ),
      h(
        'div',
        { class: 'reports' },
        h('span', {}, `${td('report')}：`),
        (['md', 'csv', 'json'] as const).map((f) =>
          h(
            'a',
            {
              href: drillReportUrl(runId, f),
              download: `drill-${runId}.${f}`,
              'data-testid': `drill-report-${f}`,
            },
            f.toUpperCase(),
          ),
        ),
      ),
    )
  }

  function renderPlayer(view: DrillRunView): (Node | null | false | undefined)[] {
    const { script, evaluation, tour } = ov()
    const st = view.state
    const state = playerState(view)
    const ended = state === 'ended'
    const steer = canSteer() && !ended
    const hc = st.headcount
    const kinds = script ? actionKinds(script) : []
    const summary = drills?.find((d) => d.id === view.run.drill_id)
    const scrub = h('input', {
      type: 'range',
      min: 0,
      max: st.duration_s,
      step: 1,
      value: Math.round(st.t_s),
      disabled: !steer,
      'data-testid': 'drill-scrub',
      'aria-label': 'scrub',
    })
    scrub.addEventListener('pointerdown', () => (scrubbing = true))
    scrub.addEventListener('pointerup', () => (scrubbing = false))
    scrub.addEventListener('blur', () => (scrubbing = false))
    scrub.addEventListener('input', () => {
      scrubbing = true
      time.textContent = `${drillClock(Number(scrub.value))} / ${drillClock(st.duration_s)}`
    })
    scrub.addEventListener('change', () => {
      scrubbing = false
      control({ op: 'seek', t_s: Number(scrub.value) })
    })
    const time = h(
      'span',
      { class: 'time', 'data-testid': 'drill-time' },
      `${drillClock(st.t_s)} / ${drillClock(st.duration_s)}`,
    )
    const tourBox = h('input', { type: 'checkbox', 'data-testid': 'drill-tour', checked: tour })
    tourBox.addEventListener('change', () => drillOverlay.set({ tour: tourBox.checked }))
    const wind = `${td('phase', { n: (st.phase ?? 0) + 1 })} · ${td('wind', {
      deg: Math.round(st.weather.wind_from_deg),
      ms: st.weather.wind_speed_ms,
      s: st.weather.stability,
    })}`

    return [
      h(
        'div',
        { class: 'drill-head' },
        h('div', { class: 'n' }, script ? pickText(script.title) : view.run.drill_id),
        summary && h('div', { class: 's' }, scenarioText(summary)),
        h('div', { class: 's' }, wind),
      ),
      h(
        'div',
        { class: 'drill-controls' },
        state === 'playing'
          ? button(`❚❚ ${td('pause')}`, 'drill-play', () => control({ op: 'pause' }), { disabled: !steer })
          : button(`▶ ${td('play')}`, 'drill-play', () => control({ op: 'play' }), {
              disabled: !steer || st.finished,
            }),
        h('span', { class: 'caption' }, td('speed')),
        speeds.map((s) =>
          button(`×${s}`, `drill-speed-${s}`, () => control({ op: 'speed', speed: s }), {
            on: view.run.speed === s,
            disabled: !steer,
          }),
        ),
        h('label', { class: 'tour' }, tourBox, td('tour')),
      ),
      h('div', { class: 'drill-scrub' }, scrub, time),
      // once evaluated, the evaluation comes first: the column is short
      evaluation && evaluation.drill_id === view.run.drill_id
        ? renderEvaluation(evaluation, view.run.id)
        : null,
      st.finished && !ended && h('div', { class: 'drill-note' }, td('finished')),
      h('div', { class: 'section-title' }, td('actions')),
      h(
        'div',
        { class: 'drill-actions' },
        kinds.map((k) => {
          const open = openSteps(view, k)
          const urgent = open.some((s) => s.status === 'due' || s.status === 'overdue')
          const done = open.length === 0
          return button(`${done ? '✓ ' : ''}${actionLabel(k)}`, `drill-action-${k}`, () => act(k), {
            disabled: !steer,
            cls: done ? 'done' : urgent ? 'due' : '',
          })
        }),
      ),
      h('div', { class: 'section-title' }, td('muster')),
      h(
        'div',
        { class: 'drill-headcount', 'data-testid': 'drill-headcount' },
        [
          [td('total'), hc.total, '#e2e8f0'],
          [td('mustered'), hc.mustered, personHex.muster],
          [td('casualties'), hc.casualties, personHex.casualty],
          [td('notMustered'), hc.total - hc.mustered - hc.casualties, personHex.missing],
        ].map(([k, n, c]) =>
          h(
            'div',
            { class: 'cell' },
            h('div', { class: 'value', style: `color:${c}` }, String(n)),
            h('div', { class: 'label' }, String(k)),
          ),
        ),
      ),
      h('div', { class: 'section-title' }, td('steps')),
      h(
        'ul',
        { class: 'drill-steps', 'data-testid': 'drill-steps' },
        st.steps.map((s) => stepRow(s, script)),
      ),
      h(
        'div',
        { class: 'drill-foot' },
        !ended &&
          button(busy === 'ending' ? td('ending') : td('end'), 'drill-end', () => void end(), {
            disabled: !canSteer() || busy !== null,
            cls: 'primary',
          }),
        button(td('back'), 'drill-back', close, { disabled: busy !== null }),
      ),
    ]
  }

  function render(): void {
    if (stopped || scrubbing) return
    const view = ov().view
    titleText.textContent = td('title')
    titleExtra.textContent = view ? drillClock(view.state.t_s) : drills ? String(drills.length) : ''
    const scrolled = body.scrollTop
    body.replaceChildren(
      ...(view ? renderPlayer(view) : renderList()).filter((n): n is Node => !!n),
      ...(error ? [h('div', { class: 'drill-error', 'data-testid': 'drill-error' }, error)] : []),
    )
    body.scrollTop = scrolled
  }

  const stopOverlay = drillOverlay.subscribe((s, prev) => {
    if (s.view !== prev.view || s.evaluation !== prev.evaluation || s.tour !== prev.tour) render()
  })
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) render()
    if (s.data !== prev.data && ov().view) drillOverlay.set({ musters: musters() })
  })
  api.list().then(
    (r) => {
      drills = r
      render()
    },
    () => {
      listFailed = true
      render()
    },
  )
  render()

  return {
    el: slot,
    destroy() {
      stopped = true
      if (timer) clearTimeout(timer)
      stopOverlay()
      stopStore()
      // the run stays on the server (GET /drills/runs); the twin stops drawing it with its player gone
      drillOverlay.set({ ...emptyDrillOverlay, tour: ov().tour })
    },
  }
}
