import {
  BoundingSphere,
  Cartesian3,
  ClockRange,
  ClockStep,
  Color,
  HeadingPitchRange,
  JulianDate,
  Matrix4,
  PointPrimitiveCollection,
  PolylineCollection,
  type Polyline,
  type PointPrimitive,
  type Viewer,
} from 'cesium'
import type { TrackWindow, TracksApi } from '../api/tracks.api'
import type { TagZonesReport, TripsReport, ZoneTime } from '../../server/contracts/tracks'
import {
  isReplaySpeed,
  positionAt,
  stopMarkers,
  trackFromFeature,
  trailAt,
  windowOf,
  type ReplaySpeed,
  type ReplayStopMarker,
  type ReplayTrack,
  type WindowPreset,
} from './replay-math'

export type ReplayState = 'idle' | 'loading' | 'ready' | 'playing' | 'paused' | 'ended' | 'error'

export interface ReplaySnapshot {
  state: ReplayState
  tagId: string | null
  /** replay time, epoch ms (null without a track) */
  time: number | null
  start: number | null
  end: number | null
  /** vertices of the loaded track */
  points: number
  speed: ReplaySpeed
  follow: boolean
  window: WindowPreset
  stops: number
  distanceM: number
  maxSpeedKmh: number
  error: string | null
  /** the window the track was loaded for (the CSV exports use the same) */
  range: TrackWindow | null
  /** time in each zone in that window, longest first; null while loading or when it failed */
  zones: ZoneTime[] | null
}

const heightM = 4
const trailColor = Color.fromCssColorString('#22d3ee')
const ghostColor = Color.fromCssColorString('#22d3ee').withAlpha(0.25)
const stopColor = Color.fromCssColorString('#ff8c1a')
const stopDim = Color.fromCssColorString('#ff8c1a').withAlpha(0.4)
const scratch = new Cartesian3()

const cart = (lon: number, lat: number, result?: Cartesian3) =>
  Cartesian3.fromDegrees(lon, lat, heightM, undefined, result)

/**
 * Replays one tag's track on the Cesium clock (viewer.clock: start/stop time, multiplier ×1–×60, clamped),
 * time-proportional: the marker is interpolated between samples at the clock's time, so ×60 plays an hour in
 * a minute at any frame rate. Light primitives only (software WebGL): the whole track dimmed, the played part
 * (trail) bright, the marker and the stops as points. The live tag layer keeps running.
 */
export class ReplayController {
  private track: ReplayTrack | null = null
  private markers: ReplayStopMarker[] = []
  private state: ReplayState = 'idle'
  private tagId: string | null = null
  private speed: ReplaySpeed = 10
  private follow = false
  private win: WindowPreset = '1h'
  private stats = { distanceM: 0, maxSpeedKmh: 0 }
  private error: string | null = null
  private range: TrackWindow | null = null
  private zones: ZoneTime[] | null = null
  private abort: AbortController | null = null
  private readonly polylines = new PolylineCollection()
  private readonly points = new PointPrimitiveCollection()
  private ghost: Polyline | null = null
  private trail: Polyline | null = null
  private marker: PointPrimitive | null = null
  private stopPoints: PointPrimitive[] = []
  private readonly listeners = new Set<() => void>()
  private readonly removeTick: () => void
  private savedClock: { shouldAnimate: boolean; multiplier: number } | null = null
  private lastNotify = 0

  constructor(
    private readonly viewer: Viewer,
    private readonly api: Pick<TracksApi, 'track' | 'trips'> & Partial<Pick<TracksApi, 'zones'>>,
  ) {
    viewer.scene.primitives.add(this.polylines)
    viewer.scene.primitives.add(this.points)
    this.removeTick = viewer.clock.onTick.addEventListener(() => this.onTick())
  }

  snapshot(): ReplaySnapshot {
    const tr = this.track
    return {
      state: this.state,
      tagId: this.tagId,
      time: tr && tr.times.length ? this.time() : null,
      start: tr?.times[0] ?? null,
      end: tr?.times[tr.times.length - 1] ?? null,
      points: tr?.times.length ?? 0,
      speed: this.speed,
      follow: this.follow,
      window: this.win,
      stops: this.markers.length,
      distanceM: this.stats.distanceM,
      maxSpeedKmh: this.stats.maxSpeedKmh,
      error: this.error,
      range: this.range,
      zones: this.zones,
    }
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Loads the tag's track in a "last N hours" window and gets ready at its start (paused). */
  async open(tagId: string, preset: WindowPreset = this.win): Promise<void> {
    this.abort?.abort()
    const abort = new AbortController()
    this.abort = abort
    this.clearDrawing()
    this.tagId = tagId
    this.win = preset
    this.track = null
    this.markers = []
    this.error = null
    this.zones = null
    const w = windowOf(preset)
    this.range = { from: w.from, to: w.to }
    this.set('loading')
    try {
      const [feature, trips, zones] = await Promise.all([
        this.api.track(tagId, w, abort.signal),
        this.api.trips(tagId, w, abort.signal).catch((): TripsReport | null => null),
        this.api.zones
          ? this.api.zones(tagId, w, abort.signal).catch((): TagZonesReport | null => null)
          : null,
      ])
      if (abort.signal.aborted) return
      this.zones = zones?.zones ?? null
      this.track = trackFromFeature(feature)
      this.markers = stopMarkers(trips?.stops ?? [])
      this.stats = {
        distanceM: feature.properties.distance_m,
        maxSpeedKmh: feature.properties.max_speed_kmh,
      }
      this.draw()
      this.set(this.track.times.length ? 'ready' : 'error', this.track.times.length ? null : 'empty')
    } catch (err) {
      if (abort.signal.aborted) return
      this.set('error', err instanceof Error ? err.message : String(err))
    }
  }

  play(): void {
    const tr = this.track
    if (!tr || !tr.times.length || this.state === 'loading') return
    const clock = this.viewer.clock
    if (this.state === 'ended' || this.time() >= tr.times[tr.times.length - 1]!) this.seek(tr.times[0]!)
    clock.multiplier = this.speed
    clock.clockStep = ClockStep.SYSTEM_CLOCK_MULTIPLIER
    clock.shouldAnimate = true
    this.set('playing')
    this.viewer.scene.requestRender()
  }

  pause(): void {
    if (this.state !== 'playing') return
    this.viewer.clock.shouldAnimate = false
    this.set('paused')
  }

  toggle(): void {
    if (this.state === 'playing') this.pause()
    else this.play()
  }

  setSpeed(speed: number): void {
    if (!isReplaySpeed(speed)) return
    this.speed = speed
    if (this.state === 'playing') this.viewer.clock.multiplier = speed
    this.notify(true)
  }

  setFollow(on: boolean): void {
    this.follow = on
    if (!on) this.viewer.camera.lookAtTransform(Matrix4.IDENTITY)
    else this.updateDrawing()
    this.notify(true)
  }

  /** Moves the replay time (clamped to the track); playback continues from there. */
  seek(t: number): void {
    const tr = this.track
    if (!tr || !tr.times.length) return
    const clamped = Math.max(tr.times[0]!, Math.min(tr.times[tr.times.length - 1]!, t))
    this.viewer.clock.currentTime = JulianDate.fromDate(new Date(clamped))
    if (this.state === 'ended' && clamped < tr.times[tr.times.length - 1]!) this.set('paused')
    this.updateDrawing()
    this.viewer.scene.requestRender()
    this.notify(true)
  }

  close(): void {
    this.abort?.abort()
    this.clearDrawing()
    this.track = null
    this.markers = []
    this.tagId = null
    this.range = null
    this.zones = null
    this.restoreClock()
    if (this.follow) this.viewer.camera.lookAtTransform(Matrix4.IDENTITY)
    this.set('idle')
  }

  destroy(): void {
    this.close()
    this.removeTick()
    this.listeners.clear()
    if (!this.viewer.isDestroyed()) {
      this.viewer.scene.primitives.remove(this.polylines)
      this.viewer.scene.primitives.remove(this.points)
    }
  }

  private time(): number {
    return JulianDate.toDate(this.viewer.clock.currentTime).getTime()
  }

  private set(state: ReplayState, error: string | null = this.error): void {
    this.state = state
    this.error = error
    this.notify(true)
  }

  private notify(force = false): void {
    const now = performance.now()
    if (!force && now - this.lastNotify < 250) return
    this.lastNotify = now
    for (const fn of this.listeners) fn()
  }

  private onTick(): void {
    if (this.state !== 'playing' || !this.track) return
    const end = this.track.times[this.track.times.length - 1]!
    this.updateDrawing()
    this.viewer.scene.requestRender()
    if (this.time() >= end) {
      this.viewer.clock.shouldAnimate = false
      this.set('ended')
    } else this.notify()
  }

  private draw(): void {
    const tr = this.track
    if (!tr || !tr.times.length) return
    const clock = this.viewer.clock
    this.savedClock ??= { shouldAnimate: clock.shouldAnimate, multiplier: clock.multiplier }
    const start = JulianDate.fromDate(new Date(tr.times[0]!))
    const stop = JulianDate.fromDate(new Date(tr.times[tr.times.length - 1]!))
    clock.startTime = start
    clock.stopTime = stop
    clock.currentTime = start.clone()
    clock.clockRange = ClockRange.CLAMPED
    clock.multiplier = this.speed
    clock.shouldAnimate = false
    const all = tr.lon.map((lon, i) => cart(lon, tr.lat[i]!))
    if (all.length >= 2) this.ghost = this.polylines.add({ positions: all, width: 2 })
    if (this.ghost) this.ghost.material.uniforms.color = ghostColor
    this.trail = this.polylines.add({ positions: [all[0]!, all[0]!], width: 4 })
    this.trail.material.uniforms.color = trailColor
    this.stopPoints = this.markers.map((m) =>
      this.points.add({
        position: cart(m.lon, m.lat),
        pixelSize: 14,
        color: stopDim,
        outlineColor: Color.WHITE,
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      }),
    )
    this.marker = this.points.add({
      position: all[0]!,
      pixelSize: 16,
      color: Color.WHITE,
      outlineColor: trailColor,
      outlineWidth: 4,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    })
    this.updateDrawing()
    if (!this.follow) {
      const sphere = BoundingSphere.fromPoints(all)
      sphere.radius = Math.max(sphere.radius, 80)
      this.viewer.camera.flyToBoundingSphere(sphere, { duration: 1 })
    }
    this.viewer.scene.requestRender()
  }

  private updateDrawing(): void {
    const tr = this.track
    if (!tr || !this.marker || !this.trail) return
    const t = this.time()
    const at = positionAt(tr, t)
    if (!at) return
    const pos = cart(at.lon, at.lat, scratch)
    this.marker.position = pos
    // the played part: every passed sample plus the interpolated tip
    const played = trailAt(tr, t)
    const tip: [number, number] = [at.lon, at.lat]
    this.trail.positions = (played.length >= 2 ? played : [tip, tip]).map(([lon, lat]) => cart(lon, lat))
    this.markers.forEach((m, i) => {
      const p = this.stopPoints[i]
      if (p) p.color = m.start <= t ? stopColor : stopDim
    })
    if (this.follow) {
      const cam = this.viewer.camera
      cam.lookAt(Cartesian3.fromDegrees(at.lon, at.lat, 0), new HeadingPitchRange(cam.heading, -0.7, 450))
    }
  }

  private clearDrawing(): void {
    this.polylines.removeAll()
    this.points.removeAll()
    this.ghost = null
    this.trail = null
    this.marker = null
    this.stopPoints = []
    if (!this.viewer.isDestroyed()) this.viewer.scene.requestRender()
  }

  private restoreClock(): void {
    const clock = this.viewer.clock
    if (this.savedClock) {
      clock.shouldAnimate = this.savedClock.shouldAnimate
      clock.multiplier = this.savedClock.multiplier
      this.savedClock = null
    }
    clock.clockRange = ClockRange.UNBOUNDED
  }
}
