// Small real files for the upload checks: a stored (uncompressed) ZIP with the parts an OOXML file has, an OLE2
// compound-file header with a directory name, PNG / JPEG / GIF / WebP signatures.
export function zip(entries: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8')
    const nameBytes = Buffer.from(name, 'utf8')
    const h = Buffer.alloc(30)
    h.writeUInt32LE(0x04034b50, 0)
    h.writeUInt16LE(20, 4)
    h.writeUInt16LE(0, 6)
    h.writeUInt16LE(0, 8) // stored
    h.writeUInt32LE(0, 14) // crc (not checked by the sniffer)
    h.writeUInt32LE(data.length, 18)
    h.writeUInt32LE(data.length, 22)
    h.writeUInt16LE(nameBytes.length, 26)
    h.writeUInt16LE(0, 28)
    parts.push(h, nameBytes, data)
  }
  return Buffer.concat(parts)
}

export const docx = () =>
  zip({
    '[Content_Types].xml': '<Types/>',
    '_rels/.rels': '<Relationships/>',
    'word/document.xml': '<w:document/>',
  })
export const xlsx = () => zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })
export const pptx = () => zip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' })

export function ole(streamName: string): Buffer {
  const b = Buffer.alloc(1536)
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0)
  Buffer.from(streamName, 'utf16le').copy(b, 1024)
  return b
}

export const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)])
export const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40, 2)])
export const gif = () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(20, 3)])
export const webp = () =>
  Buffer.concat([
    Buffer.from('RIFF', 'latin1'),
    Buffer.alloc(4, 0),
    Buffer.from('WEBPVP8 ', 'latin1'),
    Buffer.alloc(20),
  ])
/** a Windows executable: MZ header */
export const exe = () => Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(200, 0x90)])
