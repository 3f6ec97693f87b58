import Router from '@koa/router'
import type { Context } from 'koa'
import { errors } from '../../platform/http/errors'
import { mediaTimescale, shiftSegment } from './fmp4'
import { liveLoopPlaylist, loopPosition, parseVodPlaylist, type LoopStream } from './live-loop'
import type { MediaFiles } from './media.files'

/** segments listed in the live playlist (12 s): a slow client keeps its place for a while */
const liveWindow = 6
const segmentNumber = /^(0|[1-9][0-9]{0,13})$/

interface Recording extends LoopStream {
  /** media ticks of one pass through the recording */
  loopTicks: bigint
}

/**
 * The shipped test stream (scenes/media/test-pattern), behind the session check like every /api route (hls.js
 * and native players send the cookie: same origin):
 * - GET /api/v1/video/test-pattern/live.m3u8: the recording looped as a live stream, every seeded camera's
 * - GET /api/v1/video/test-pattern/<segment>?k=<n>: segment number n of that live stream (decode times moved)
 * - GET /api/v1/video/test-pattern/<file>: the recording as it is (index.m3u8 plays it once, VOD)
 */
export function mediaRoutes(files: MediaFiles, now: () => number = Date.now) {
  const router = new Router({ prefix: '/api/v1/video/test-pattern' })
  let recording: Promise<Recording> | null = null
  const load = () =>
    (recording ??= (async () => {
      const [playlist, init] = await Promise.all([
        files.get('test-pattern', 'index.m3u8'),
        files.get('test-pattern', 'init.mp4'),
      ])
      if (!playlist || !init)
        throw new Error('scenes/media/test-pattern is incomplete (scenes/media/generate.sh)')
      const stream = parseVodPlaylist(playlist.body.toString('utf8'))
      const ticks = Math.round(stream.step * mediaTimescale(init.body)) * stream.segments.length
      return { ...stream, loopTicks: BigInt(ticks) }
    })().catch((err: unknown) => {
      recording = null
      throw err
    }))

  router.get('/live.m3u8', async (ctx) => {
    ctx.type = 'application/vnd.apple.mpegurl'
    ctx.body = liveLoopPlaylist(await load(), now(), { window: liveWindow })
  })
  router.get('/:file', async (ctx: Context) => {
    const name = String(ctx.params.file ?? '')
    const file = name.endsWith('.jpg') ? null : await files.get('test-pattern', name)
    if (!file) throw errors.notFound('media', name.slice(0, 64))
    ctx.type = file.type
    const k = ctx.query.k
    if (k === undefined) {
      ctx.body = file.body
      return
    }
    if (typeof k !== 'string' || !segmentNumber.test(k)) throw errors.validation('k: a segment number', 'k')
    const rec = await load()
    const { segment, loops } = loopPosition(rec, Number(k))
    if (segment.uri !== name) throw errors.notFound('media', `${name}?k=${k}`)
    ctx.body = shiftSegment(file.body, BigInt(loops) * rec.loopTicks)
  })
  return router
}
