// The demo media committed under scenes/media (generated once by scenes/media/generate.sh; the product never
// needs ffmpeg): the looping test stream and the gate snapshots. Files are small and read once.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const mediaDir = fileURLToPath(new URL('../../../scenes/media/', import.meta.url))

export const mediaFolders = ['test-pattern', 'gate-photos'] as const
export type MediaFolder = (typeof mediaFolders)[number]

/** a plain file name of the folder: no path, no dot files */
const fileName = /^[a-z0-9][a-z0-9_-]{0,63}\.(m3u8|mp4|m4s|ts|jpg)$/

export const contentTypes: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  ts: 'video/mp2t',
  jpg: 'image/jpeg',
}

export interface MediaFile {
  body: Buffer
  type: string
}

export class MediaFiles {
  private readonly cache = new Map<string, Promise<MediaFile | null>>()

  constructor(private readonly dir = mediaDir) {}

  /** The file, or null when the name is not a plain media file name or there is no such file. */
  get(folder: MediaFolder, name: string): Promise<MediaFile | null> {
    if (!fileName.test(name)) return Promise.resolve(null)
    const key = `${folder}/${name}`
    let file = this.cache.get(key)
    if (!file) {
      file = readFile(join(this.dir, folder, name)).then(
        (body) => ({ body, type: contentTypes[name.slice(name.lastIndexOf('.') + 1)]! }),
        () => null,
      )
      this.cache.set(key, file)
    }
    return file
  }
}
