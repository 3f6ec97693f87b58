import { maxPhotoBytes, maxPhotos, type HdState, type PhotoStage } from '../../contracts/hidden-dangers'
import type { FileKind, UploadRules } from '../../platform/files/sniff'
import type { Actor } from './hd-workflow'

// Photos of a hidden danger (隐患照片): what was found (finding) and the evidence of the rectification. JPEG, PNG
// or WebP only, the content's magic bytes must match the name's extension (server/platform/files/sniff.ts), at
// most maxPhotoBytes each and maxPhotos per hidden danger.

export const photoKinds: readonly FileKind[] = ['jpeg', 'png', 'webp']
export const photoRules: UploadRules = { allowed: photoKinds, maxBytes: maxPhotoBytes }

/**
 * The stages a caller may add photos to now: the finding while it is found or ordered (whoever reports or
 * inspects), the rectification while the enterprise rectifies; nothing once the limit is reached or for the screen.
 */
export function photoStagesOpen(state: HdState, actor: Actor | null, count: number): PhotoStage[] {
  if (!actor || count >= maxPhotos) return []
  const out: PhotoStage[] = []
  if (state === 'found' || state === 'ordered') out.push('finding')
  if (state === 'rectifying' && actor === 'enterprise') out.push('rectification')
  return out
}
