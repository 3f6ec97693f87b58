// Trajectory analysis: a 2D deck.gl map of the park (boundary and roads from the loaded park data, no base
// tiles) with a TripsLayer of every visible tag's track in the last hour, animated, and a dwell heatmap.
// Loaded on demand (deck.gl is a separate chunk); its own canvas, so the Cesium twin is untouched.
import { Deck, HeatmapLayer, MapView, PathLayer, PolygonLayer, TripsLayer } from 'deck.gl'
import type { ReplayFeed } from '../../server/contracts/tracks'
import type { TracksApi } from '../api/tracks.api'
import type { ParkData } from '../app/park-data'
import { h, mountChildren } from '../core/dom'
import { t } from '../shell/i18n/i18n'
import { tagKindHex } from '../twin/palette'
import { dwellCells, fitView, tripsFromFeed, type DwellDatum, type TripDatum } from './analysis-data'
import './analysis.css'

const rgb = (hex: string): [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
]

export interface AnalysisView {
  destroy(): void
  /** tags and samples loaded, for the test hooks */
  stats(): { state: string; tags: number; samples: number }
}

export function mountAnalysisView(
  root: HTMLElement,
  park: ParkData,
  api: Pick<TracksApi, 'replay'>,
  onClose: () => void,
): AnalysisView {
  const canvasBox = h('div', { class: 'analysis-map' })
  const info = h('span', { class: 'muted', 'data-testid': 'analysis-info' }, t('replay.loading'))
  let showTrips = true
  let showHeat = true
  const toggle = (label: string, get: () => boolean, set: (v: boolean) => void, id: string) => {
    const b = h(
      'button',
      {
        type: 'button',
        class: get() ? 'on' : '',
        'data-testid': id,
        onclick: () => {
          set(!get())
          b.className = get() ? 'on' : ''
          render()
        },
      },
      label,
    )
    return b
  }
  const panel = h(
    'section',
    { class: 'analysis-panel', 'data-testid': 'analysis-panel' },
    h(
      'div',
      { class: 'analysis-head' },
      h('span', { class: 'analysis-title' }, t('track.analysis')),
      toggle(
        t('track.analysis.trips'),
        () => showTrips,
        (v) => (showTrips = v),
        'analysis-trips',
      ),
      toggle(
        t('track.analysis.heat'),
        () => showHeat,
        (v) => (showHeat = v),
        'analysis-heat',
      ),
      info,
      h('button', { type: 'button', 'data-testid': 'analysis-close', onclick: onClose }, '×'),
    ),
    canvasBox,
  )
  root.appendChild(panel)

  const ring = park.park.boundary.geometry.coordinates[0] ?? []
  const rect = canvasBox.getBoundingClientRect()
  const deck = new Deck({
    parent: canvasBox,
    views: new MapView({ repeat: false }),
    initialViewState: { ...fitView(ring, rect.width || 900, rect.height || 520), pitch: 0, bearing: 0 },
    controller: true,
    layers: [],
  })

  let trips: TripDatum[] = []
  let dwell: DwellDatum[] = []
  let spanS = 3600
  let state = 'loading'
  let samples = 0
  let raf = 0
  const t0 = performance.now()
  const abort = new AbortController()

  function render(): void {
    // one loop of the hour in 60 s
    const current = (((performance.now() - t0) / 1000) * (spanS / 60)) % spanS
    deck.setProps({
      layers: [
        new PolygonLayer({
          id: 'boundary',
          data: [park.park.boundary],
          getPolygon: (f: ParkData['park']['boundary']) => f.geometry.coordinates,
          stroked: true,
          filled: true,
          getFillColor: [20, 40, 70, 160],
          getLineColor: [34, 211, 238, 200],
          lineWidthMinPixels: 2,
        }),
        new PathLayer({
          id: 'roads',
          data: park.roads.features,
          getPath: (f: ParkData['roads']['features'][number]) => f.geometry.coordinates as [number, number][],
          getColor: [90, 110, 140, 220],
          getWidth: 6,
          widthMinPixels: 1,
        }),
        showHeat &&
          new HeatmapLayer<DwellDatum>({
            id: 'dwell',
            data: dwell,
            getPosition: (d) => d.position,
            getWeight: (d) => d.weight,
            radiusPixels: 30,
          }),
        showTrips &&
          new TripsLayer<TripDatum>({
            id: 'trips',
            data: trips,
            getPath: (d) => d.path,
            getTimestamps: (d) => d.timestamps,
            getColor: (d) => rgb(tagKindHex[d.kind] ?? tagKindHex.unknown),
            widthMinPixels: 3,
            trailLength: 300,
            currentTime: current,
            capRounded: true,
            jointRounded: true,
          }),
      ],
    })
  }

  function loop(): void {
    render()
    raf = requestAnimationFrame(loop)
  }

  const now = Date.now()
  const from = new Date(now - 3_600_000).toISOString()
  const to = new Date(now).toISOString()
  api.replay({ from, to, stepS: 5 }, abort.signal).then(
    (feed: ReplayFeed) => {
      trips = tripsFromFeed(feed)
      dwell = dwellCells(feed)
      spanS = (Date.parse(feed.to) - Date.parse(feed.from)) / 1000
      samples = feed.tracks.reduce((n, tr) => n + tr.t.length, 0)
      state = 'ready'
      mountChildren(info, t('track.analysis.tags', { n: feed.tracks.length }))
      loop()
    },
    (err: unknown) => {
      if (abort.signal.aborted) return
      state = 'error'
      mountChildren(info, t('replay.failed', { msg: err instanceof Error ? err.message : String(err) }))
      render()
    },
  )
  render()

  return {
    destroy() {
      abort.abort()
      cancelAnimationFrame(raf)
      deck.finalize()
      panel.remove()
    },
    stats: () => ({ state, tags: trips.length, samples }),
  }
}
