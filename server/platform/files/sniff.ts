import { AppError, errors } from '../http/errors'

// What an uploaded file really is, from its first bytes (magic numbers), never from its name or the
// Content-Type the browser sent. An upload is accepted only when the name's extension and the content agree.

/** The kinds of file the platform stores (documents, attachments, evidence). */
export const fileKinds = [
  'pdf',
  'jpeg',
  'png',
  'webp',
  'gif',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
  'ppt',
] as const
export type FileKind = (typeof fileKinds)[number]

/** Every kind's MIME type and the extensions a file of that kind may carry. */
export const fileTypes: Record<FileKind, { mime: string; exts: readonly string[] }> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'] },
  jpeg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', exts: ['png'] },
  webp: { mime: 'image/webp', exts: ['webp'] },
  gif: { mime: 'image/gif', exts: ['gif'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'] },
  pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'] },
  doc: { mime: 'application/msword', exts: ['doc'] },
  xls: { mime: 'application/vnd.ms-excel', exts: ['xls'] },
  ppt: { mime: 'application/vnd.ms-powerpoint', exts: ['ppt'] },
}

/** Groups for `allowed`: documents (PDF + Office), images, everything. */
export const imageKinds: readonly FileKind[] = ['jpeg', 'png', 'webp', 'gif']
export const officeKinds: readonly FileKind[] = ['docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt']
export const documentKinds: readonly FileKind[] = ['pdf', ...imageKinds, ...officeKinds]

/** Kinds a browser can show inline safely (with CSP sandbox): PDFs and raster images. */
export const inlineKinds: readonly FileKind[] = ['pdf', ...imageKinds]

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x)
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

/**
 * The file names inside a ZIP archive, read from its local file headers (`PK\x03\x04`), in order. Enough to tell
 * OOXML parts apart; a truncated or odd archive yields the names read so far.
 */
export function zipEntryNames(b: Uint8Array, max = 2000): string[] {
  const names: string[] = []
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let at = 0
  while (names.length < max && at + 30 <= b.length && startsWith(b, [0x50, 0x4b, 0x03, 0x04], at)) {
    const flags = view.getUint16(at + 6, true)
    const compressed = view.getUint32(at + 18, true)
    const nameLen = view.getUint16(at + 26, true)
    const extraLen = view.getUint16(at + 28, true)
    if (at + 30 + nameLen > b.length) break
    names.push(Buffer.from(b.subarray(at + 30, at + 30 + nameLen)).toString('utf8'))
    // a data descriptor (flag bit 3) leaves the size unknown here: scan for the next local header instead
    if (flags & 0x08 || compressed === 0xffffffff) {
      const next = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(
        Buffer.from([0x50, 0x4b, 0x03, 0x04]),
        at + 30 + nameLen + extraLen,
      )
      if (next < 0) break
      at = next
    } else at += 30 + nameLen + extraLen + compressed
  }
  return names
}

/** OLE2 compound file (legacy .doc/.xls/.ppt): which one, from the stream names in its directory. */
function oleKind(b: Uint8Array): FileKind | null {
  // directory entry names are UTF-16LE; looking for them anywhere in the file is enough to tell the three apart
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  const has = (name: string) => buf.indexOf(Buffer.from(name, 'utf16le')) >= 0
  if (has('WordDocument')) return 'doc'
  if (has('Workbook') || has('Book')) return 'xls'
  if (has('PowerPoint Document')) return 'ppt'
  return null
}

/** The file's real kind from its content, or null when it is none the platform stores. */
export function sniff(bytes: Uint8Array): FileKind | null {
  const b = bytes
  // %PDF- within the first 1024 bytes (the PDF spec allows leading junk; readers accept it)
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024))
  if (startsWith(b, ascii('%PDF-')) || head.indexOf('%PDF-') >= 0) return 'pdf'
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp'
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'gif'
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(b)
    if (!names.includes('[Content_Types].xml')) return null
    if (names.some((n) => n.startsWith('word/'))) return 'docx'
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx'
    if (names.some((n) => n.startsWith('ppt/'))) return 'pptx'
    return null
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(b)
  return null
}

/** The lower-case extension of a file name without the dot ('' when none). */
export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : ''
}

export interface UploadCheck {
  kind: FileKind
  mime: string
  /** the extension the stored file is known by (the uploaded one, lower case) */
  ext: string
}

export interface UploadRules {
  allowed: readonly FileKind[]
  maxBytes: number
}

/** 413 with a stable id (errors.ts has no factory for it). */
export const tooLarge = (maxBytes: number) =>
  new AppError(413, 'file.too_large', `the file is larger than the limit of ${formatBytes(maxBytes)}`)

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MiB`
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`
  return `${n} B`
}

/**
 * Checks an upload: not empty, not over `maxBytes` (413), a kind in `allowed`, and the name's extension one that
 * kind carries (400 validation, field `file`: "extension .pdf does not match the file's content (png)").
 */
export function checkUpload(bytes: Uint8Array, filename: string, rules: UploadRules): UploadCheck {
  if (bytes.byteLength > rules.maxBytes) throw tooLarge(rules.maxBytes)
  if (bytes.byteLength === 0) throw errors.validation('file: the file is empty', 'file')
  const ext = extensionOf(filename)
  const allowedExts = rules.allowed.flatMap((k) => fileTypes[k].exts)
  if (!ext || !allowedExts.includes(ext))
    throw errors.validation(
      `file: type ${ext ? `.${ext}` : '(no extension)'} is not accepted; allowed: ${allowedExts.map((e) => `.${e}`).join(', ')}`,
      'file',
    )
  const kind = sniff(bytes)
  if (!kind || !fileTypes[kind].exts.includes(ext))
    throw errors.validation(
      `file: extension .${ext} does not match the file's content (${kind ?? 'unknown type'})`,
      'file',
    )
  if (!rules.allowed.includes(kind)) throw errors.validation(`file: type ${kind} is not accepted`, 'file')
  return { kind, mime: fileTypes[kind].mime, ext }
}
