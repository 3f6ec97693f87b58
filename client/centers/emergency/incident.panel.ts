import type { Chemical } from '../../../server/contracts/emergency'
import type { EmergencyResource } from '../../../server/contracts/emergency-plans'
import type {
  EvacuationReport,
  Incident,
  IncidentLogEntry,
  IncidentSummary,
  IncidentUpdated,
  InsideReport,
  MusterReport,
  ResourceEntry,
  ResourcesReport,
} from '../../../server/contracts/incidents'
import { ApiError } from '../../api/api-error'
import { emergencyPlansApi, type EmergencyPlansApi } from '../../api/emergency-plans.api'
import { incidentsApi, type IncidentsApi } from '../../api/incidents.api'
import { h } from '../../core/dom'
import { numberFormat, pick, t, type MessageKey } from '../../shell/i18n/i18n'
import { tagKindHex } from '../../twin/palette'
import { cancelGroundPick, markGroundPoint, pickGroundPoint } from '../../twin/ground-pick'
import { emptyOverlay, incidentOverlay, maxDrawnRoutes } from '../../twin/layers/incident.layer'
import type { CenterContext } from '../center'
import {
  buildDeclareBody,
  canCommand,
  canReadPeople,
  clockText,
  compassName,
  declareFieldRow,
  defaultDeclareForm,
  distanceText,
  groupInside,
  insidePolygon,
  levelHex,
  levelText,
  logLine,
  musterRows,
  normDeg,
  pointText,
  tankOptions,
  ti,
  windPatch,
  windText,
  zoneRows,
  type DeclareForm,
  type IncidentTextKey,
  type SourceMode,
} from './incident-model'
import { resourceSummary } from './resources.panel'
import './incident.css'

/** who is inside: this often; the routes, headcount and log every other time */
const tickMs = 3_000
/** the active incidents are read again this often even while updates are pushed */
const activeMs = 15_000
const shownPerGroup = 40
const shownLog = 60

type Field = HTMLInputElement | HTMLSelectElement
/** the declare form's fields held as typed text */
type TextKey = { [K in keyof DeclareForm]: DeclareForm[K] extends string ? K : never }[keyof DeclareForm]

/** An answer read before a weather change must not replace the incident after it (zones only move forward). */
const stale = (next: Incident, current: Incident | null) =>
  !!current && current.id === next.id && Date.parse(next.zones_at) < Date.parse(current.zones_at)

const errorText = (err: unknown) =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err)

/**
 * 应急指挥 (incident command): with no incident active, the declare form (park staff); with one, its chemical and
 * weather with a wind control that recomputes the zones, the zones' reach, who is inside each zone (polled), the
 * evacuation to muster points with their headcount, the nearest resources, the log with a note input, and the close
 * button. Updates are pushed (`incident.updated`) and polled. The panel feeds the twin's incident overlay.
 */
export function mountIncidentPanel(
  ctx: CenterContext,
  api: IncidentsApi = incidentsApi,
  plansApi: Pick<EmergencyPlansApi, 'resources'> = emergencyPlansApi,
): { el: HTMLElement; destroy(): void } {
  const role = ctx.store.get().me?.role ?? null
  const command = canCommand(role)
  const people = canReadPeople(role)

  const slot = h('div', { class: 'inc-slot', 'data-slot': 'incident' })
  const titleText = h('span', {}, ti('title'))
  const titleExtra = h('span', { class: 'extra' }, '')
  const body = h('div', { class: 'panel-body' })
  const section = h(
    'section',
    { class: 'panel grow inc-panel', 'data-testid': 'incident-panel' },
    h('div', { class: 'panel-title' }, titleText, titleExtra),
    body,
  )
  slot.append(section)

  let stopped = false
  let active: IncidentSummary[] | null = null
  let currentId: string | null = null
  let incident: Incident | null = null
  let inside: InsideReport | null = null
  let evacuation: EvacuationReport | null = null
  let muster: MusterReport | null = null
  let resources: ResourcesReport | null = null
  let teams: EmergencyResource[] | null = null
  let log: IncidentLogEntry[] | null = null
  let flownTo: string | null = null
  let ticks = 0
  const inflight = new Set<string>()
  const form: DeclareForm = defaultDeclareForm()
  let message: { text: string; error: boolean } | null = null

  const publish = () => incidentOverlay.set({ incident, inside, evacuation, muster })

  // ---------- declare form ----------
  let declareView: HTMLElement | null = null
  let sourceSelect: HTMLSelectElement | null = null
  let chemicalSelect: HTMLSelectElement | null = null
  let chemicals: Chemical[] | null = null
  /** a pick on the map waits for its click */
  let picking = false
  const fieldRows = new Map<string, HTMLElement>()
  /** the row hint a server 400 named: (row, text) */
  let fieldError: { row: string; text: string } | null = null

  const parkRings = () => ctx.store.get().data?.park.boundary.geometry.coordinates ?? null

  const fillChemicals = () => {
    if (!chemicalSelect) return
    const list = chemicals ?? []
    chemicalSelect.replaceChildren(
      h('option', { value: '' }, chemicals === null ? ti('loading') : '—'),
      ...list.map((c) => h('option', { value: c.id }, `${pick(c.name_zh, c.name_en)} (${c.id})`)),
    )
    chemicalSelect.value = list.some((c) => c.id === form.chemical_id) ? form.chemical_id : ''
  }
  const loadChemicals = async () => {
    if (chemicals !== null || !command) return
    try {
      const list = await api.chemicals()
      if (stopped) return
      chemicals = [...list].sort((a, b) => a.id.localeCompare(b.id))
      fillChemicals()
    } catch {
      /* the select says loading; the next switch to a map point reads again */
    }
  }

  /** Waits for a click on the twin's ground (Esc cancels); a point outside the park is kept with a hint. */
  const pickPoint = async () => {
    if (picking) {
      cancelGroundPick()
      return
    }
    picking = true
    fieldError = null
    message = { text: ti('picking'), error: false }
    render()
    const selectedBefore = ctx.store.get().selected
    const p = await pickGroundPoint()
    picking = false
    if (stopped) return
    message = null
    if (p) {
      // the click that picked the point is not a selection of what lies there
      if (ctx.store.get().selected !== selectedBefore) ctx.store.set({ selected: selectedBefore })
      form.point = p
      markGroundPoint(p, ti('pointMarker'))
      const rings = parkRings()
      if (rings && !insidePolygon(p, rings)) fieldError = { row: 'point', text: ti('err.outside') }
    }
    render()
  }

  const setSourceMode = (mode: SourceMode) => {
    if (picking) cancelGroundPick()
    form.source = mode
    fieldError = null
    markGroundPoint(mode === 'point' ? form.point : null, ti('pointMarker'))
    if (mode === 'point') void loadChemicals()
    syncFields()
  }

  const fillSources = () => {
    if (!sourceSelect) return
    const data = ctx.store.get().data
    const tanks = data ? tankOptions(data.assets.features) : []
    const groups = new Map<string, typeof tanks>()
    for (const tk of tanks) groups.set(tk.chemical, [...(groups.get(tk.chemical) ?? []), tk])
    sourceSelect.replaceChildren(
      h('option', { value: '' }, tanks.length ? '—' : ti('loading')),
      ...[...groups].map(([chem, list]) =>
        h(
          'optgroup',
          { label: pick(chem, list[0]!.chemical_en) },
          list.map((tk) => h('option', { value: tk.id }, `${tk.id} ${pick(tk.name, tk.name_en)}`)),
        ),
      ),
    )
    if (form.asset_id && !tanks.some((tk) => tk.id === form.asset_id)) form.asset_id = ''
    sourceSelect.value = form.asset_id
  }

  const syncFields = () => {
    const show = (key: string, on: boolean) => {
      const row = fieldRows.get(key)
      if (row) row.hidden = !on
    }
    const leak = form.kind === 'leak'
    const atPoint = form.source === 'point'
    show('source', !atPoint)
    show('point', atPoint)
    show('chemical', atPoint)
    show('mode', leak)
    show('rate', leak && form.mode === 'continuous')
    show('duration', leak && form.mode === 'continuous')
    show('mass', !leak || form.mode === 'instantaneous')
    show('cloud', form.stability === 'auto')
    const massHint = fieldRows.get('mass')?.querySelector('.hint')
    if (massHint) massHint.textContent = form.kind === 'fire' && !atPoint ? ti('poolDefault') : ''
    for (const [key, r] of fieldRows) {
      const bad = fieldError?.row === key
      r.classList.toggle('invalid', bad)
      const hint = r.querySelector<HTMLElement>('.hint')
      if (hint && bad) hint.textContent = fieldError!.text
      else if (hint && key !== 'mass') hint.textContent = ''
    }
  }

  const row = (key: string, label: string, control: HTMLElement, unit?: string) => {
    // the point row holds a button: a label around it would start a pick on a click of its caption
    const r = h(
      key === 'point' ? 'div' : 'label',
      { class: 'inc-field', 'data-field': key },
      h('span', { class: 'k' }, label),
      control,
      h('span', { class: 'unit' }, unit ?? ''),
      h('span', { class: 'hint' }, ''),
    )
    fieldRows.set(key, r)
    return r
  }
  const input = (key: TextKey, attrs: Record<string, string> = {}) =>
    h('input', {
      type: 'number',
      value: form[key],
      'data-testid': `incident-${key.replace(/_/g, '-')}`,
      oninput: ((e: Event) => {
        ;(form as unknown as Record<string, string>)[key] = (e.target as Field).value
      }) as EventListener,
      ...attrs,
    })
  const select = (key: TextKey, options: [string, string][]) => {
    const s = h(
      'select',
      {
        'data-testid': `incident-${key.replace(/_/g, '-')}`,
        onchange: ((e: Event) => {
          ;(form as unknown as Record<string, string>)[key] = (e.target as Field).value
          syncFields()
        }) as EventListener,
      },
      options.map(([v, label]) => h('option', { value: v }, label)),
    )
    s.value = form[key]
    return s
  }

  let declaring = false
  const buildDeclareView = () => {
    fieldRows.clear()
    if (!command) {
      sourceSelect = null
      declareView = h(
        'div',
        { class: 'inc-idle', 'data-testid': 'incident-idle' },
        h('div', { class: 'muted' }, active === null ? ti('loading') : ti('noIncident')),
        h('div', { class: 'muted small' }, ti('readOnly')),
      )
      return
    }
    const sourceMode = h(
      'select',
      {
        'data-testid': 'incident-source-mode',
        onchange: ((e: Event) =>
          setSourceMode((e.target as HTMLSelectElement).value as SourceMode)) as EventListener,
      },
      h('option', { value: 'asset' }, ti('atTank')),
      h('option', { value: 'point' }, ti('atPoint')),
    )
    sourceMode.value = form.source
    chemicalSelect = h('select', {
      'data-testid': 'incident-chemical-id',
      onchange: ((e: Event) => {
        form.chemical_id = (e.target as HTMLSelectElement).value
      }) as EventListener,
    })
    fillChemicals()
    const pointBox = h(
      'span',
      { class: 'inc-point' },
      h(
        'span',
        { 'data-testid': 'incident-point', 'data-lon': form.point?.lon, 'data-lat': form.point?.lat },
        form.point ? pointText(form.point) : ti('noPoint'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: picking ? 'inc-primary' : '',
          'data-testid': 'incident-pick-point',
          'data-picking': picking ? 'true' : 'false',
          onclick: () => void pickPoint(),
        },
        picking ? ti('pickCancel') : ti('pickPoint'),
      ),
    )
    sourceSelect = h('select', {
      'data-testid': 'incident-source',
      onchange: ((e: Event) => {
        form.asset_id = (e.target as HTMLSelectElement).value
      }) as EventListener,
    })
    fillSources()
    const submit = h(
      'button',
      { type: 'submit', class: 'inc-primary', 'data-testid': 'incident-declare' },
      declaring ? ti('declaring') : ti('declare'),
    )
    submit.disabled = declaring
    declareView = h(
      'form',
      {
        class: 'inc-form',
        'data-testid': 'incident-form',
        onsubmit: ((e: Event) => {
          e.preventDefault()
          void declare()
        }) as EventListener,
      },
      h('div', { class: 'muted small' }, ti('noIncident')),
      h('div', { class: 'section-title' }, ti('declareTitle')),
      row(
        'kind',
        ti('kind'),
        select('kind', [
          ['leak', ti('leak')],
          ['fire', ti('fire')],
          ['explosion', ti('explosion')],
        ]),
      ),
      row('where', ti('sourceMode'), sourceMode),
      row('source', ti('source'), sourceSelect),
      row('point', ti('point'), pointBox),
      row('chemical', ti('chemicalId'), chemicalSelect),
      row(
        'mode',
        ti('releaseMode'),
        select('mode', [
          ['continuous', ti('continuous')],
          ['instantaneous', ti('instantaneous')],
        ]),
      ),
      row('rate', ti('rate'), input('rate_gs', { min: '0', step: 'any' }), 'g/s'),
      row('duration', ti('duration'), input('duration_s', { min: '0', step: 'any' }), 's'),
      row('mass', ti('mass'), input('mass_kg', { min: '0', step: 'any' }), 'kg'),
      row('speed', ti('windSpeed'), input('wind_speed_ms', { min: '1', max: '50', step: '0.1' }), 'm/s'),
      row('from', ti('windFrom'), input('wind_from_deg', { min: '0', max: '360', step: '1' }), '°'),
      row(
        'stability',
        ti('stability'),
        select('stability', [
          ['auto', ti('auto')],
          ...(['A', 'B', 'C', 'D', 'E', 'F'] as const).map((c): [string, string] => [c, c]),
        ]),
      ),
      row('cloud', ti('cloud'), input('cloud_cover_oktas', { min: '0', max: '8', step: '1' }), ti('oktas')),
      messageEl(),
      submit,
    )
    syncFields()
  }

  const declare = async () => {
    if (picking) cancelGroundPick()
    const built = buildDeclareBody(form, parkRings())
    if ('error' in built) {
      message = { text: ti(built.error), error: true }
      fieldError =
        built.error === 'err.outside' || built.error === 'err.point'
          ? { row: 'point', text: ti(built.error) }
          : null
      render()
      return
    }
    declaring = true
    message = null
    fieldError = null
    render()
    try {
      const inc = await api.declare(built.body)
      if (stopped) return
      declaring = false
      markGroundPoint(null)
      await show(inc)
      void loadActive()
    } catch (err) {
      declaring = false
      message = { text: ti('failed', { msg: errorText(err) }), error: true }
      const rowKey = err instanceof ApiError ? declareFieldRow(err.field) : null
      fieldError = rowKey ? { row: rowKey, text: err instanceof ApiError ? err.message : '' } : null
      render()
    }
  }

  // ---------- active incident ----------
  let activeView: HTMLElement | null = null
  let activeFor = ''
  const parts = {
    summary: h('div', { class: 'inc-summary', 'data-testid': 'incident-summary' }),
    zones: h('div', { class: 'inc-zones', 'data-testid': 'incident-zones' }),
    inside: h('div', { class: 'inc-inside', 'data-testid': 'incident-inside' }),
    evacuation: h('div', { class: 'inc-evac', 'data-testid': 'incident-evacuation' }),
    resources: h('div', { class: 'inc-res', 'data-testid': 'incident-resources' }),
    log: h('div', { class: 'inc-log', 'data-testid': 'incident-log' }),
  }
  const msgBox = h('div', { class: 'inc-msg', 'data-testid': 'incident-message' })
  function messageEl(): HTMLElement {
    msgBox.textContent = message?.text ?? ''
    msgBox.className = message?.error ? 'inc-msg error' : 'inc-msg'
    msgBox.hidden = !message
    return msgBox
  }
  const say = (text: string, error = true) => {
    message = { text, error }
    messageEl()
  }

  // wind control (park staff): direction and speed; the stability is kept as chosen at declaration
  const windFrom = h('input', {
    type: 'number',
    min: '0',
    max: '360',
    step: '1',
    'data-testid': 'incident-wind-from',
  })
  const windSpeed = h('input', {
    type: 'number',
    min: '1',
    max: '50',
    step: '0.1',
    'data-testid': 'incident-wind-speed',
  })
  const windArrow = h('span', { class: 'inc-arrow', title: '' }, '↑')
  const windName = h('span', { class: 'inc-compass' }, '')
  const applyWind = h('button', {
    type: 'button',
    class: 'inc-primary',
    'data-testid': 'incident-wind-apply',
  })
  const showWindInput = () => {
    const d = Number(windFrom.value)
    if (!Number.isFinite(d)) return
    // the arrow points downwind
    windArrow.style.transform = `rotate(${normDeg(d + 180)}deg)`
    windName.textContent = compassName(d)
  }
  windFrom.addEventListener('input', showWindInput)
  const turn = (by: number) => {
    windFrom.value = String(normDeg((Number(windFrom.value) || 0) + by))
    showWindInput()
  }
  let applying = false
  applyWind.addEventListener('click', () => void changeWind())
  const setWindInputs = (inc: Incident) => {
    if (document.activeElement !== windFrom) windFrom.value = String(inc.weather.wind_from_deg)
    if (document.activeElement !== windSpeed) windSpeed.value = String(inc.weather.wind_speed_ms)
    showWindInput()
  }
  const changeWind = async () => {
    if (!incident || applying) return
    const d = Number(windFrom.value)
    const u = Number(windSpeed.value)
    if (!windFrom.value.trim() || !windSpeed.value.trim() || !(u >= 1 && u <= 50) || !(d >= 0 && d <= 360)) {
      say(ti('err.wind'))
      return
    }
    applying = true
    applyWind.disabled = true
    applyWind.textContent = ti('applying')
    const id = incident.id
    try {
      const inc = await api.changeWeather(id, windPatch(incident.weather, d, u))
      if (stopped || currentId !== id) return
      message = null
      messageEl()
      if (stale(inc, incident)) return
      incident = inc
      setWindInputs(inc)
      publish()
      renderDynamic()
      refresh(true)
    } catch (err) {
      say(ti('failed', { msg: errorText(err) }))
    } finally {
      applying = false
      applyWind.disabled = false
      applyWind.textContent = ti('apply')
    }
  }

  // note and close (park staff)
  const noteInput = h('input', {
    type: 'text',
    maxlength: 2000,
    'data-testid': 'incident-note',
    placeholder: ti('notePlaceholder'),
  })
  const noteButton = h('button', { type: 'submit', 'data-testid': 'incident-note-add' }, ti('addNote'))
  const noteForm = h(
    'form',
    {
      class: 'inc-note',
      onsubmit: ((e: Event) => {
        e.preventDefault()
        void addNote()
      }) as EventListener,
    },
    noteInput,
    noteButton,
  )
  const addNote = async () => {
    const text = noteInput.value.trim()
    if (!incident || !text) return
    noteButton.disabled = true
    try {
      await api.note(incident.id, text)
      noteInput.value = ''
      message = null
      messageEl()
      void loadLog()
    } catch (err) {
      say(ti('failed', { msg: errorText(err) }))
    } finally {
      noteButton.disabled = false
    }
  }
  const closeReason = h('input', {
    type: 'text',
    maxlength: 500,
    'data-testid': 'incident-close-reason',
    placeholder: ti('closeReason'),
  })
  const closeButton = h('button', { type: 'button', class: 'inc-danger', 'data-testid': 'incident-close' })
  const cancelClose = h('button', { type: 'button', 'data-testid': 'incident-close-cancel' })
  let confirming = false
  const closeBox = h('div', { class: 'inc-close' }, closeReason, cancelClose, closeButton)
  const syncClose = () => {
    closeReason.hidden = cancelClose.hidden = !confirming
    closeButton.textContent = confirming ? ti('closeConfirm') : ti('close')
    cancelClose.textContent = ti('cancel')
  }
  cancelClose.addEventListener('click', () => {
    confirming = false
    syncClose()
  })
  closeButton.addEventListener('click', () => {
    if (!confirming) {
      confirming = true
      syncClose()
      closeReason.focus()
      return
    }
    void closeIncident()
  })
  const closeIncident = async () => {
    if (!incident) return
    closeButton.disabled = true
    try {
      await api.close(incident.id, closeReason.value.trim() || undefined)
      if (stopped) return
      confirming = false
      closeReason.value = ''
      clearIncident()
      await loadActive()
    } catch (err) {
      say(ti('failed', { msg: errorText(err) }))
    } finally {
      closeButton.disabled = false
      syncClose()
    }
  }

  const buildActiveView = () => {
    if (!incident) return
    activeFor = `${incident.id}`
    setWindInputs(incident)
    noteInput.placeholder = ti('notePlaceholder')
    noteButton.textContent = ti('addNote')
    closeReason.placeholder = ti('closeReason')
    applyWind.textContent = applying ? ti('applying') : ti('apply')
    syncClose()
    const switcher =
      active && active.length > 1
        ? h(
            'select',
            {
              class: 'inc-switch',
              'data-testid': 'incident-switch',
              onchange: ((e: Event) =>
                void pickIncident((e.target as HTMLSelectElement).value)) as EventListener,
            },
            active.map((a) => h('option', { value: a.id }, `#${a.id} ${a.title}`)),
          )
        : null
    if (switcher) switcher.value = incident.id
    const sectionTitle = (key: IncidentTextKey, extra?: HTMLElement) =>
      h('div', { class: 'section-title' }, ti(key), extra ?? null)
    activeView = h(
      'div',
      { class: 'inc-active', 'data-incident': incident.id },
      switcher,
      parts.summary,
      command &&
        h(
          'div',
          { class: 'inc-wind' },
          windArrow,
          windName,
          h('button', { type: 'button', title: '-45°', onclick: () => turn(-45) }, '⟲'),
          windFrom,
          h('span', { class: 'unit' }, '°'),
          h('button', { type: 'button', title: '+45°', onclick: () => turn(45) }, '⟳'),
          windSpeed,
          h('span', { class: 'unit' }, 'm/s'),
          applyWind,
        ),
      messageEl(),
      sectionTitle('zones'),
      parts.zones,
      people && [sectionTitle('inside'), parts.inside],
      people && [sectionTitle('evacuation'), parts.evacuation],
      sectionTitle('resources'),
      parts.resources,
      people && [sectionTitle('log'), command ? noteForm : null, parts.log],
      command && closeBox,
    )
  }

  // ---------- dynamic parts ----------
  const renderSummary = () => {
    if (!incident) return
    const z = incident.zones
    parts.summary.replaceChildren(
      h(
        'div',
        { class: 'inc-head' },
        h('span', { class: `inc-kind ${incident.kind}` }, ti(incident.kind)),
        h('span', { class: 'inc-title', 'data-testid': 'incident-title' }, incident.title),
        incident.drill_id && h('span', { class: 'inc-drill' }, ti('drill')),
      ),
      h(
        'dl',
        { class: 'inc-kv' },
        h('dt', {}, ti('chemical')),
        h('dd', { 'data-testid': 'incident-chemical' }, pick(z.chemical.name_zh, z.chemical.name_en)),
        h('dt', {}, ti('weather')),
        h(
          'dd',
          { 'data-testid': 'incident-weather' },
          windText({ ...incident.weather, stability: z.weather.stability }),
          incident.weather.source === 'station' ? ` (${incident.weather.station_id})` : '',
        ),
      ),
      h(
        'div',
        { class: 'muted small' },
        ti('declaredBy', { who: incident.declared_by, time: clockText(incident.declared_at) }),
        incident.asset_id ? ` · ${incident.asset_id}` : '',
      ),
    )
  }

  const renderZones = () => {
    if (!incident) return
    parts.zones.replaceChildren(
      h(
        'ul',
        { class: 'inc-levels' },
        zoneRows(incident.zones).map((r) => {
          const counts = inside?.incident_id === incident!.id ? inside.counts[r.level] : null
          return h(
            'li',
            { 'data-level': r.level, class: r.reached ? '' : 'muted' },
            h('span', { class: 'swatch', style: `background:${levelHex[r.level]}` }),
            h('span', { class: 'lvl' }, levelText(r.level)),
            h('span', { class: 'reach' }, r.reached ? distanceText(r.reach_m) : ti('notReached')),
            h('span', { class: 'thr', title: r.basis }, `${r.basis} ${r.threshold}`),
            counts &&
              h(
                'span',
                { class: 'cnt' },
                `${numberFormat(counts.people)} ${ti('people')} · ${numberFormat(counts.vehicles)} ${ti('vehicles')}`,
              ),
          )
        }),
      ),
    )
  }

  const renderInside = () => {
    if (!incident || !people) return
    if (!inside || inside.incident_id !== incident.id) {
      parts.inside.replaceChildren(h('div', { class: 'muted' }, ti('loading')))
      return
    }
    parts.inside.replaceChildren(
      ...groupInside(inside).map((g) => {
        const all = [...g.people, ...g.vehicles].sort((a, b) => a.distance_m - b.distance_m)
        return h(
          'div',
          { class: 'inc-group', 'data-level': g.level, 'data-count': all.length },
          h(
            'div',
            { class: 'inc-group-title', style: `border-color:${levelHex[g.level]}` },
            h('span', { style: `color:${levelHex[g.level]}` }, levelText(g.level)),
            h(
              'span',
              { class: 'muted' },
              `${numberFormat(g.people.length)} ${ti('people')} · ${numberFormat(g.vehicles.length)} ${ti('vehicles')}`,
            ),
          ),
          all.length > 0 &&
            h(
              'ul',
              { class: 'list inc-people' },
              all.slice(0, shownPerGroup).map((e) =>
                h(
                  'li',
                  {
                    'data-tag': e.tag_id,
                    onclick: () => ctx.focus({ type: 'tag', id: e.tag_id }),
                  },
                  h('span', { class: 'swatch', style: `background:${tagKindHex[e.kind] ?? '#cbd5e1'}` }),
                  h(
                    'div',
                    { class: 'main' },
                    h('div', { class: 'n' }, e.label || e.tag_id),
                    h('div', { class: 's' }, `${t(`tag.${e.kind}` as MessageKey)} · ${e.tag_id}`),
                  ),
                  h('span', { class: 'side' }, distanceText(e.distance_m)),
                ),
              ),
              all.length > shownPerGroup &&
                h('li', { class: 'muted more' }, ti('more', { n: all.length - shownPerGroup })),
            ),
        )
      }),
    )
  }

  const renderEvacuation = () => {
    if (!incident || !people) return
    const ev = evacuation?.incident_id === incident.id ? evacuation : null
    const mu = muster?.incident_id === incident.id ? muster : null
    if (!ev && !mu) {
      parts.evacuation.replaceChildren(h('div', { class: 'muted' }, ti('loading')))
      return
    }
    const rows = musterRows(ev, mu)
    const routed = ev ? ev.people.filter((p) => p.route).length : 0
    parts.evacuation.replaceChildren(
      h(
        'div',
        { class: 'inc-evac-head muted' },
        ev ? `${numberFormat(ev.people.length)} ${ti('people')}` : '',
        ev && ev.unassigned > 0 ? ` · ${ti('unassigned', { n: ev.unassigned })}` : '',
        routed > maxDrawnRoutes ? ` · ${ti('routesCapped', { n: maxDrawnRoutes })}` : '',
        mu ? ` · ${ti('muster')} ${numberFormat(mu.present)}` : '',
      ),
      h(
        'table',
        { class: 'inc-muster', 'data-testid': 'incident-muster' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, ''),
            h('th', {}, ti('assigned')),
            h('th', {}, ti('present')),
            h('th', {}, ti('capacity')),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {
                'data-muster': r.id,
                'data-status': r.status ?? '',
                class: [r.status === 'excluded' ? 'excluded' : '', r.assigned > r.capacity ? 'over' : '']
                  .filter(Boolean)
                  .join(' '),
                title:
                  r.status === 'excluded' ? ti('excluded') : r.status === 'fallback' ? ti('fallback') : '',
                onclick: () => ctx.focus({ type: 'asset', id: r.id }),
              },
              h(
                'td',
                { class: 'name' },
                h('span', { class: 'swatch', style: `background:${r.colour}` }),
                pick(r.name, r.name_en),
              ),
              h('td', { class: 'assigned' }, numberFormat(r.assigned)),
              h('td', { class: 'present' }, r.present === null ? '—' : numberFormat(r.present)),
              h('td', { class: 'cap' }, numberFormat(r.capacity)),
            ),
          ),
        ),
      ),
    )
  }

  const renderResources = () => {
    if (!incident) return
    const res = resources?.incident_id === incident.id ? resources : null
    if (!res) {
      parts.resources.replaceChildren(h('div', { class: 'muted' }, ti('loading')))
      return
    }
    const entry = (r: ResourceEntry) =>
      h(
        'li',
        { 'data-resource': r.id, 'data-kind': r.kind, onclick: () => ctx.focus({ type: 'asset', id: r.id }) },
        h('span', { class: 'swatch', style: `background:${r.level ? levelHex[r.level] : '#3fb3ff'}` }),
        h(
          'div',
          { class: 'main' },
          h('div', { class: 'n' }, pick(r.name, r.name_en)),
          h('div', { class: 's' }, `${ti(r.kind)}${r.level ? ` · ${levelText(r.level)}` : ''}`),
        ),
        h('span', { class: 'side' }, distanceText(r.distance_m)),
      )
    const staff = (teams ?? []).filter((r) => r.kind === 'team' || r.kind === 'expert').slice(0, 6)
    parts.resources.replaceChildren(
      h(
        'ul',
        { class: 'list' },
        [...res.fire_stations.slice(0, 1), ...res.hydrants.slice(0, 3), ...res.depots.slice(0, 2)].map(entry),
        staff.map((r) =>
          h(
            'li',
            { 'data-resource': r.id, 'data-kind': r.kind },
            h('span', { class: 'swatch', style: `background:${r.kind === 'team' ? '#ff6b3d' : '#b197fc'}` }),
            h(
              'div',
              { class: 'main' },
              h('div', { class: 'n' }, pick(r.name, r.name_en)),
              h('div', { class: 's' }, resourceSummary(r) || ti(r.kind as 'team' | 'expert')),
            ),
            h('span', { class: 'side' }, ti(r.kind as 'team' | 'expert')),
          ),
        ),
      ),
    )
  }

  const renderLog = () => {
    if (!incident || !people) return
    if (!log) {
      parts.log.replaceChildren(h('div', { class: 'muted' }, ti('loading')))
      return
    }
    const lines = log.map((e) => logLine(e)).reverse()
    parts.log.replaceChildren(
      h(
        'ol',
        { class: 'inc-timeline' },
        lines
          .slice(0, shownLog)
          .map((l) =>
            h(
              'li',
              { 'data-kind': l.kind, 'data-id': l.id },
              h('span', { class: 'time' }, clockText(l.t)),
              h('span', { class: `what ${l.kind}` }, l.label),
              h('span', { class: 'text' }, l.text),
              h('span', { class: 'actor' }, l.actor),
            ),
          ),
      ),
    )
  }

  const renderDynamic = () => {
    renderSummary()
    renderZones()
    renderInside()
    renderEvacuation()
    renderResources()
    renderLog()
    titleExtra.textContent = incident
      ? `#${incident.id} · ${inside?.incident_id === incident.id ? `${numberFormat(inside.inside.length)} ${ti('people')}` : ''}`
      : ''
  }

  /** Whole redraw: on a change of incident or of the locale, and when the declare form opens or closes. */
  const render = () => {
    if (stopped) return
    titleText.textContent = ti('title')
    if (incident) {
      declareView = null
      if (!activeView || activeFor !== incident.id) buildActiveView()
      renderDynamic()
      if (body.firstChild !== activeView) body.replaceChildren(activeView!)
      section.dataset.state = 'active'
    } else {
      activeView = null
      activeFor = ''
      buildDeclareView()
      body.replaceChildren(declareView!)
      titleExtra.textContent = ''
      section.dataset.state = active === null ? 'loading' : 'idle'
    }
  }

  // ---------- loading ----------
  const once = async <T>(key: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (inflight.has(key)) return undefined
    inflight.add(key)
    try {
      return await fn()
    } finally {
      inflight.delete(key)
    }
  }

  const clearIncident = () => {
    currentId = null
    incident = inside = evacuation = muster = resources = log = null
    incidentOverlay.set({ ...emptyOverlay })
    message = null
  }

  /** Shows an incident (declared here, picked, or found active); flies there the first time. */
  const show = async (inc: Incident) => {
    if (stale(inc, incident)) return
    const changed = inc.id !== currentId
    currentId = inc.id
    incident = inc
    if (changed) {
      inside = evacuation = muster = resources = log = null
      message = null
    }
    publish()
    render()
    if (flownTo !== inc.id) {
      flownTo = inc.id
      const reach = Math.max(200, ...inc.zones.levels.filter((l) => l.reached).map((l) => l.reach_m))
      ctx.flyToPoint?.(inc.source.lon, inc.source.lat, Math.min(reach * 0.5, 900))
    }
    if (changed) {
      void loadResources()
      refresh(true)
    }
  }

  const pickIncident = async (id: string) => {
    try {
      const inc = await api.get(id)
      if (!stopped) await show(inc)
    } catch (err) {
      say(ti('failed', { msg: errorText(err) }))
    }
  }

  const loadActive = () =>
    once('active', async () => {
      try {
        const list = await api.active()
        if (stopped) return
        active = list
        const keep = currentId && list.some((a) => a.id === currentId) ? currentId : (list[0]?.id ?? null)
        if (!keep) {
          // the declare form stays as it is while nothing changes (a rebuild every poll would drop the
          // operator's focus and move the controls under the pointer)
          if (incident) clearIncident()
          else if (section.dataset.state === 'idle') return
          render()
        } else if (keep !== currentId) await pickIncident(keep)
        else if (activeView && list.length > 1 !== !!activeView.querySelector('.inc-switch')) {
          activeView = null
          render()
        } else if (!incident) render()
      } catch {
        if (stopped) return
        if (active === null) active = []
        if (!incident && section.dataset.state === 'idle') return
        render()
      }
    })

  const loadIncident = (id: string) =>
    once(`get:${id}`, async () => {
      try {
        const inc = await api.get(id)
        if (stopped || currentId !== id || stale(inc, incident)) return
        incident = inc
        setWindInputs(inc)
        publish()
        renderDynamic()
      } catch {
        /* the next push or poll tries again */
      }
    })

  const loadResources = () => {
    const id = currentId
    if (!id) return
    void once(`res:${id}`, async () => {
      try {
        const [r, tm] = await Promise.all([
          api.resources(id),
          teams ? Promise.resolve(teams) : plansApi.resources().catch(() => []),
        ])
        if (stopped || currentId !== id) return
        resources = r
        teams = tm
        renderResources()
      } catch {
        /* shown as loading; the next incident change reads again */
      }
    })
  }

  const loadLog = () => {
    const id = currentId
    if (!id || !people) return
    return once(`log:${id}`, async () => {
      try {
        const l = await api.log(id)
        if (stopped || currentId !== id) return
        log = l
        renderLog()
      } catch {
        /* kept */
      }
    })
  }

  /** who is inside (every tick); routes, headcount and log every other tick or when `all` */
  const refresh = (all = false) => {
    const id = currentId
    if (!id || !people) return
    void once(`inside:${id}`, async () => {
      try {
        const r = await api.inside(id)
        if (stopped || currentId !== id) return
        inside = r
        publish()
        renderInside()
        renderZones()
        titleExtra.textContent = `#${id} · ${numberFormat(r.inside.length)} ${ti('people')}`
      } catch {
        /* kept */
      }
    })
    if (!all && ticks % 2 !== 0) return
    void once(`evac:${id}`, async () => {
      try {
        const [e, m] = await Promise.all([api.evacuation(id), api.muster(id)])
        if (stopped || currentId !== id) return
        evacuation = e
        muster = m
        publish()
        renderEvacuation()
      } catch {
        /* kept */
      }
    })
    void loadLog()
  }

  const tick = setInterval(() => {
    ticks++
    refresh()
  }, tickMs)
  const activeTimer = setInterval(() => void loadActive(), activeMs)

  const onUpdated = (m: IncidentUpdated) => {
    if (stopped) return
    if (m.incident_id === currentId) {
      if (m.status === 'closed') {
        clearIncident()
        void loadActive()
      } else {
        void loadIncident(m.incident_id)
        refresh(true)
      }
    } else void loadActive()
  }
  ctx.socket?.on('incident.updated', onUpdated)

  // the declare form follows the tank selected on the twin; the sources fill once the park data is in
  const stopStore = ctx.store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) {
      activeView = null
      render()
      return
    }
    if (s.data !== prev.data) fillSources()
    if (s.selected !== prev.selected && s.selected?.type === 'asset' && sourceSelect) {
      const id = s.selected.id
      if ([...sourceSelect.options].some((o) => o.value === id)) {
        form.asset_id = id
        sourceSelect.value = id
      }
    }
  })

  render()
  void loadActive()

  return {
    el: slot,
    destroy() {
      stopped = true
      clearInterval(tick)
      clearInterval(activeTimer)
      ctx.socket?.off('incident.updated', onUpdated)
      stopStore()
      if (picking) cancelGroundPick()
      markGroundPoint(null)
      incidentOverlay.set({ ...emptyOverlay })
    },
  }
}
