import { centerIds, isCenterId, type CenterId } from '../../scenes/centers'

export const defaultCenter: CenterId = centerIds[0]

/** `#/emergency` → 'emergency'; anything unknown → the default center. */
export function centerFromHash(hash: string): CenterId {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? ''
  return isCenterId(name) ? name : defaultCenter
}

export function hashFor(center: CenterId): string {
  return `#/${center}`
}

/** Calls `onChange` with the center whenever the hash changes; returns a stop function. */
export function watchHash(onChange: (center: CenterId) => void, win: Window = window): () => void {
  const listener = () => onChange(centerFromHash(win.location.hash))
  win.addEventListener('hashchange', listener)
  return () => win.removeEventListener('hashchange', listener)
}
