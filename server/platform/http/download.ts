import type { Context } from 'koa'

// Sending a stored file: download (attachment) or in-browser view (inline), with a Content-Disposition that no
// file name can break (no CR/LF, quotes or backslashes reach the header) and headers that stop the browser from
// guessing the type or running anything an inline file carries.

/**
 * The ASCII fallback name of `filename=`: non-ASCII and unsafe characters (quotes, backslash, control characters,
 * `;`, `%`) become `_`; never empty.
 */
export function asciiFallback(filename: string): string {
  const s = filename.replace(/[^\x20-\x7e]|["\\;%]/g, '_').trim()
  return s && !/^[_.]*$/.test(s.replace(/\.[^.]*$/, '')) ? s : `download${extOf(filename)}`
}

function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name)
  return m ? `.${m[1]!.toLowerCase()}` : ''
}

/** RFC 5987 / RFC 8187 value: UTF-8, percent-encoded so that only attr-chars remain. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or inline), safe for any name. */
export function contentDisposition(filename: string, inline = false): string {
  // eslint-disable-next-line no-control-regex -- control characters never reach the header
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '')
  const type = inline ? 'inline' : 'attachment'
  return `${type}; filename="${asciiFallback(clean)}"; filename*=UTF-8''${rfc5987(clean)}`
}

export interface SendFileOptions {
  bytes: Uint8Array
  mime: string
  filename: string
  /** show in the browser (PDF, images) instead of downloading */
  inline?: boolean
}

/**
 * Answers with the file. Always `X-Content-Type-Options: nosniff` and `Cache-Control: private, no-store` (files
 * are tenant data); inline views also get `Content-Security-Policy: sandbox` (no scripts, no same-origin access:
 * a PDF or SVG with active content cannot act as the signed-in user).
 */
export function sendFile(ctx: Context, o: SendFileOptions): void {
  ctx.status = 200
  ctx.set('Content-Type', o.mime)
  ctx.set('Content-Length', String(o.bytes.byteLength))
  ctx.set('Content-Disposition', contentDisposition(o.filename, o.inline ?? false))
  ctx.set('X-Content-Type-Options', 'nosniff')
  ctx.set('Cache-Control', 'private, no-store')
  if (o.inline) ctx.set('Content-Security-Policy', 'sandbox')
  ctx.body = Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength)
}
