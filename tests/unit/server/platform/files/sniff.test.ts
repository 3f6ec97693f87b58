import { describe, expect, it } from 'vitest'
import {
  checkUpload,
  documentKinds,
  extensionOf,
  imageKinds,
  sniff,
} from '../../../../../server/platform/files/sniff'
import { AppError } from '../../../../../server/platform/http/errors'
import { textPdf } from '../../../../../server/platform/files/pdf'
import { docx, exe, gif, jpeg, ole, png, pptx, webp, xlsx, zip } from './fixtures'

const rules = { allowed: documentKinds, maxBytes: 64 * 1024 }

function refused(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('accepted')
}

describe('sniff (magic bytes)', () => {
  it.each([
    ['pdf', textPdf({ title: 'Licence', lines: ['valid to 2027-01-01'] })],
    ['png', png()],
    ['jpeg', jpeg()],
    ['gif', gif()],
    ['webp', webp()],
    ['docx', docx()],
    ['xlsx', xlsx()],
    ['pptx', pptx()],
    ['doc', ole('WordDocument')],
    ['xls', ole('Workbook')],
    ['ppt', ole('PowerPoint Document')],
  ])('recognises %s', (kind, bytes) => {
    expect(sniff(bytes)).toBe(kind)
  })

  it('knows no kind for an executable, a plain zip, an OLE file of no known application, or text', () => {
    expect(sniff(exe())).toBeNull()
    expect(sniff(zip({ 'a.txt': 'hello' }))).toBeNull()
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'other/x.xml': '' }))).toBeNull()
    expect(sniff(ole('Something'))).toBeNull()
    expect(sniff(Buffer.from('just text, %PD'))).toBeNull()
    expect(sniff(Buffer.alloc(0))).toBeNull()
  })

  it('takes the extension of the last path part, lower case', () => {
    expect(extensionOf('C:\\docs\\许可证.PDF')).toBe('pdf')
    expect(extensionOf('a/b.tar.gz')).toBe('gz')
    expect(extensionOf('.bashrc')).toBe('')
    expect(extensionOf('README')).toBe('')
  })
})

describe('checkUpload', () => {
  it('accepts a real PDF named .pdf and a DOCX named .DOCX', () => {
    expect(checkUpload(textPdf({ title: 'x', lines: [] }), '安全生产许可证.pdf', rules)).toEqual({
      kind: 'pdf',
      mime: 'application/pdf',
      ext: 'pdf',
    })
    expect(checkUpload(docx(), '制度.DOCX', rules).mime).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(checkUpload(jpeg(), 'photo.jpeg', rules).kind).toBe('jpeg')
    expect(checkUpload(jpeg(), 'photo.jpg', rules).ext).toBe('jpg')
  })

  it('refuses a .pdf that is really a PNG, naming both', () => {
    const e = refused(() => checkUpload(png(), 'licence.pdf', rules))
    expect(e.status).toBe(400)
    expect(e.field).toBe('file')
    expect(e.message).toContain("extension .pdf does not match the file's content (png)")
  })

  it('refuses an .exe renamed .docx, and a fake PDF of text', () => {
    const e = refused(() => checkUpload(exe(), 'report.docx', rules))
    expect(e.status).toBe(400)
    expect(e.message).toContain('extension .docx does not match')
    expect(refused(() => checkUpload(Buffer.from('hello, not a pdf'), 'x.pdf', rules)).status).toBe(400)
    // an xlsx named .docx: both OOXML, still not the same
    expect(refused(() => checkUpload(xlsx(), 'x.docx', rules)).message).toContain('(xlsx)')
  })

  it('refuses an empty file, a name without extension and an extension not allowed', () => {
    expect(refused(() => checkUpload(Buffer.alloc(0), 'a.pdf', rules)).message).toContain('empty')
    expect(refused(() => checkUpload(png(), 'noext', rules)).message).toContain('(no extension)')
    expect(refused(() => checkUpload(exe(), 'setup.exe', rules)).message).toContain('.exe is not accepted')
    // images only: a real PDF is not accepted
    const images = { allowed: imageKinds, maxBytes: 100_000 }
    expect(refused(() => checkUpload(textPdf({ title: 'x', lines: [] }), 'a.pdf', images)).status).toBe(400)
  })

  it('refuses a file over the limit with 413, before looking at it', () => {
    const e = refused(() => checkUpload(Buffer.alloc(64 * 1024 + 1, 0x25), 'big.pdf', rules))
    expect(e.status).toBe(413)
    expect(e.id).toBe('file.too_large')
    expect(e.message).toContain('64 KiB')
    // exactly at the limit is fine
    const atLimit = Buffer.concat([textPdf({ title: 'x', lines: [] })])
    const padded = Buffer.concat([atLimit, Buffer.alloc(64 * 1024 - atLimit.length, 0x20)])
    expect(checkUpload(padded, 'a.pdf', rules).kind).toBe('pdf')
  })
})
