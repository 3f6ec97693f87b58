import { z } from 'zod'

// Video (视频): cameras at the park gates, in the enterprises and over the tank farms, each with the HLS stream
// the browser plays; gate-event snapshots (卡口抓拍).

export const cameraClasses = ['gate', 'enterprise', 'tank_farm'] as const
export type CameraClass = (typeof cameraClasses)[number]

/** The demo's looping test stream (scenes/media/test-pattern), the stream of every seeded camera. */
export const testStreamPath = '/api/v1/video/test-pattern/live.m3u8'

/** `photo_ref` of a gate event that names a snapshot shipped with the demo (scenes/media/gate-photos). */
export const demoPhotoPrefix = 'demo:'
export const demoGatePhotos = ['plate-hazmat.jpg', 'plate-blue.jpg'] as const

/** Where the browser fetches a gate event's snapshot (GET, session cookie). */
export const gatePhotoPath = (eventId: string) => `/api/v1/gate-events/${encodeURIComponent(eventId)}/photo`

/**
 * What a browser can play, and nothing that would leak or mislead: an absolute http(s) URL without user
 * credentials (an RTSP camera needs an RTSP → HLS gateway such as MediaMTX in front), or a same-origin path
 * to an `.m3u8` playlist.
 */
export function streamUrlError(value: string): string | null {
  if (/\s/.test(value)) return 'no whitespace allowed'
  if (value.startsWith('/')) {
    if (value.startsWith('//')) return 'a same-origin path starts with a single /'
    const path = value.split(/[?#]/)[0]!
    if (path.includes('\\') || path.split('/').includes('..')) return 'no .. or \\ in a path'
    return path.endsWith('.m3u8') ? null : 'a same-origin path must end in .m3u8 (an HLS playlist)'
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'an http(s) URL or a same-origin path ending in .m3u8'
  }
  if (url.protocol === 'rtsp:' || url.protocol === 'rtmp:')
    return `browsers cannot play ${url.protocol.slice(0, -1).toUpperCase()}: give the HLS URL of a gateway (e.g. MediaMTX)`
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'an http(s) URL'
  if (url.username || url.password) return 'no user name or password in the URL'
  return null
}

export const streamUrl = z
  .string()
  .trim()
  .min(2)
  .max(2000)
  .superRefine((v, ctx) => {
    const error = streamUrlError(v)
    if (error) ctx.addIssue({ code: 'custom', message: error })
  })

export const cameraListQuery = z.object({
  class: z.enum(cameraClasses).optional(),
  enterprise: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .optional(),
})
export type CameraListQuery = z.infer<typeof cameraListQuery>

/** PATCH /api/v1/cameras/:id (park admin): the stream the camera is played from; the reason is audited. */
export const cameraPatch = z.strictObject({
  stream_url: streamUrl,
  reason: z.string().trim().min(2).max(500),
})
export type CameraPatch = z.infer<typeof cameraPatch>

export interface Camera {
  /** the camera's asset id (asset kind `camera`) */
  id: string
  name: string
  name_en: string | null
  camera_class: CameraClass
  /** the gate or tank farm it looks at; null for an enterprise's camera */
  watches: string | null
  enterprise_id: string | null
  location: { lon: number; lat: number }
  stream_url: string
  /** the shipped test stream (no real camera configured yet) */
  test_stream: boolean
  updated_at: string
}

export interface CameraList {
  cameras: Camera[]
}
