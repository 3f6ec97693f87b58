import type { Context } from 'koa'
import { tooLarge } from '../files/sniff'
import { errors } from './errors'

// File uploads: the request body is the file's raw bytes (Content-Type the file's type or
// application/octet-stream), the original name travels percent-encoded (UTF-8) in the `X-Filename` header, and
// the metadata in the query or a preceding JSON call. No multipart parser.

/**
 * Reads the request body as bytes, refusing more than `maxBytes` with a 413: at once when Content-Length says so,
 * else as soon as the running total passes the limit (nothing beyond the limit is buffered).
 */
export async function readRawBody(ctx: Context, maxBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    ctx.req.resume() // drain, so the 413 reaches the client
    throw tooLarge(maxBytes)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    const c = chunk as Buffer
    size += c.length
    if (size > maxBytes) {
      chunks.length = 0
      ctx.req.resume()
      throw tooLarge(maxBytes)
    }
    chunks.push(c)
  }
  return Buffer.concat(chunks, size)
}

const maxNameChars = 200

/**
 * The original file name from `X-Filename` (percent-encoded UTF-8): decoded, path parts and control characters
 * removed. A 400 (field `filename`) when missing, not decodable or empty after cleaning. The name is only ever
 * shown and used in Content-Disposition; stored files get server-generated ids.
 */
export function uploadFilename(ctx: Context, header = 'x-filename'): string {
  const raw = ctx.get(header)
  if (!raw) throw errors.validation(`filename: send the file name in the ${header} header`, 'filename')
  let name: string
  try {
    name = decodeURIComponent(raw)
  } catch {
    throw errors.validation(`filename: ${header} is not valid percent-encoded UTF-8`, 'filename')
  }
  const clean = cleanFilename(name)
  if (!clean) throw errors.validation('filename: the file name is empty', 'filename')
  return clean
}

/** The last path part of a name, without control characters, trimmed, at most 200 characters (keeping the extension). */
export function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  const chars = [...base]
  if (chars.length <= maxNameChars) return base
  const dot = base.lastIndexOf('.')
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : ''
  return chars.slice(0, maxNameChars - ext.length).join('') + ext
}
