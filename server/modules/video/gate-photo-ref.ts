import { demoGatePhotos, demoPhotoPrefix, gatePhotoPath } from '../../contracts/video'

/** Where a gate event's snapshot is: a file shipped with the demo, or the URL the camera's platform gave. */
export type PhotoSource = { kind: 'demo'; file: string } | { kind: 'url'; url: string }

/**
 * Resolves a gate event's `photo_ref` (set by the plate-recognition camera or its gateway, at most 500
 * characters): `demo:<file>` names a snapshot in scenes/media/gate-photos; an http(s) URL (no credentials in it)
 * is the camera platform's picture store, which the browser fetches itself (the server never fetches a URL a
 * device gave: no request forgery). Anything else is not resolvable: null.
 */
export function resolvePhotoRef(ref: string | null): PhotoSource | null {
  if (!ref) return null
  if (ref.startsWith(demoPhotoPrefix)) {
    const file = ref.slice(demoPhotoPrefix.length)
    return (demoGatePhotos as readonly string[]).includes(file) ? { kind: 'demo', file } : null
  }
  let url: URL
  try {
    url = new URL(ref)
  } catch {
    return null
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null
  return { kind: 'url', url: url.href }
}

/**
 * The `photo_url` a gate event record should carry: where the browser opens its snapshot (GET, session cookie),
 * or null when the event has none this server can resolve.
 */
export function gatePhotoUrl(eventId: string, ref: string | null): string | null {
  return resolvePhotoRef(ref) ? gatePhotoPath(eventId) : null
}
