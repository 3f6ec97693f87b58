import { inflateSync } from 'node:zlib'

// A small reader for the PDFs headless Chromium (Skia) writes: uncompressed object table, Flate streams, fonts with
// a /ToUnicode CMap (Type0 or Type3, 1- or 2-byte codes), and page content with Tf / Tj / TJ and ActualText spans.
// Enough to check that the Chinese text of a report can be read back; not a general PDF parser.

interface PdfObject {
  dict: string
  stream: Buffer | null
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1')
  const out = new Map<number, PdfObject>()
  const re = /(?:^|\n)(\d+) 0 obj\s*/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length
    const end = text.indexOf('endobj', start)
    const body = text.slice(start, end)
    const si = body.indexOf('stream')
    if (si < 0) {
      out.set(Number(m[1]), { dict: body, stream: null })
      continue
    }
    const dict = body.slice(0, si)
    const len = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? -1)
    let s = start + si + 6
    if (text.startsWith('\r\n', s)) s += 2
    else if (text[s] === '\n') s += 1
    let bytes = pdf.subarray(s, len >= 0 ? s + len : start + body.lastIndexOf('endstream'))
    if (dict.includes('/FlateDecode')) bytes = inflateSync(bytes)
    out.set(Number(m[1]), { dict, stream: Buffer.from(bytes) })
  }
  return out
}

const hexBytes = (h: string) =>
  Buffer.from(h.replace(/\s+/g, '').padEnd(Math.ceil(h.replace(/\s+/g, '').length / 2) * 2, '0'), 'hex')
const utf16 = (b: Buffer) => {
  let s = ''
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i))
  return s
}

interface CMap {
  bytes: number
  map: Map<number, string>
}

function parseCMap(src: string): CMap {
  const cs = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(src)
  const bytes = cs ? cs[1]!.length / 2 : 2
  const map = new Map<number, string>()
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(e[1]!, 16), utf16(hexBytes(e[2]!)))
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g,
    )) {
      const lo = parseInt(e[1]!, 16)
      const hi = parseInt(e[2]!, 16)
      if (e[3]!.startsWith('[')) {
        const items = [...e[3]!.matchAll(/<([0-9A-Fa-f]+)>/g)]
        items.forEach((it, i) => map.set(lo + i, utf16(hexBytes(it[1]!))))
      } else {
        const base = hexBytes(e[3]!.slice(1, -1))
        for (let c = lo; c <= hi; c++) {
          const b = Buffer.from(base)
          b.writeUInt16BE(b.readUInt16BE(b.length - 2) + (c - lo), b.length - 2)
          map.set(c, utf16(b))
        }
      }
    }
  }
  return { bytes, map }
}

export interface PdfInfo {
  pages: number
  /** text per page, in content order, without spaces between runs */
  text: string[]
  /** the fonts carry their glyphs: FontFile2/3 programs or Type3 glyph procedures */
  fontsEmbedded: boolean
  fontFiles: boolean
  type3Glyphs: boolean
  /** FontFamily / FontName of the font descriptors */
  fontNames: string[]
}

/** Reads pages, their text and what the fonts embed. */
export function readPdf(pdf: Buffer): PdfInfo {
  const objs = objects(pdf)
  const ref = (s: string | undefined) => (s ? objs.get(Number(s)) : undefined)
  const fontCMap = new Map<number, CMap>()
  const cmapOf = (fontObj: number): CMap | null => {
    if (fontCMap.has(fontObj)) return fontCMap.get(fontObj)!
    const f = objs.get(fontObj)
    const tu = ref(/\/ToUnicode (\d+) 0 R/.exec(f?.dict ?? '')?.[1])
    if (!tu?.stream) return null
    const c = parseCMap(tu.stream.toString('latin1'))
    fontCMap.set(fontObj, c)
    return c
  }
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page(?![s\w])/.test(o.dict))
  const text = pages.map((p) => {
    const fonts = new Map<string, number>()
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(p.dict)?.[1] ?? ''
    for (const f of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(f[1]!, Number(f[2]))
    const contentRefs = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(p.dict)?.[1] ?? ''
    const content = [...contentRefs.matchAll(/(\d+) 0 R/g)]
      .map((r) => objs.get(Number(r[1]))?.stream?.toString('latin1') ?? '')
      .join('\n')
    let cmap: CMap | null = null
    let out = ''
    let actual: string | null = null
    const decode = (hex: string) => {
      if (actual !== null || !cmap) return
      const b = hexBytes(hex)
      for (let i = 0; i + cmap.bytes <= b.length; i += cmap.bytes) {
        const code = cmap.bytes === 1 ? b[i]! : b.readUInt16BE(i)
        out += cmap.map.get(code) ?? ''
      }
    }
    const tokens =
      /\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj|\[((?:[^\]]|\n)*?)\]\s*TJ|\/ActualText\s*<([0-9A-Fa-f]+)>|\bEMC\b/g
    for (const t of content.matchAll(tokens)) {
      if (t[1]) {
        const o = fonts.get(t[1])
        cmap = o === undefined ? null : cmapOf(o)
      } else if (t[2] !== undefined) decode(t[2])
      else if (t[3] !== undefined) for (const h of t[3].matchAll(/<([0-9A-Fa-f\s]*)>/g)) decode(h[1]!)
      else if (t[4]) {
        const b = hexBytes(t[4])
        actual = utf16(b.subarray(b[0] === 0xfe && b[1] === 0xff ? 2 : 0))
        out += actual
      } else actual = null
    }
    return out
  })
  const all = [...objs.values()].map((o) => o.dict).join('\n')
  const fontFiles = /\/FontFile[23]?\s/.test(all)
  const type3Glyphs = /\/Subtype\s*\/Type3/.test(all) && /\/CharProcs/.test(all)
  const fontNames = [
    ...new Set(
      [...all.matchAll(/\/Font(?:Family|Name)\s*(?:\(([^)]*)\)|\/(\S+))/g)].map((m) => m[1] ?? m[2]!),
    ),
  ]
  return {
    pages: pages.length,
    text,
    fontsEmbedded: fontFiles || type3Glyphs,
    fontFiles,
    type3Glyphs,
    fontNames,
  }
}
