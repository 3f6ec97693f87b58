import { h } from '../core/dom'
import type { Selection } from '../twin/pick-id'
import { t } from './i18n/i18n'

/**
 * One part of the details panel of the selected object (asset, enterprise parcel, tag or twin overlay): a tank's
 * on-site plans, a tank farm's major-hazard card, an enterprise's licences, a permit… Each module contributes its
 * own section through `detailSectionFactories` (detail-sections.registry.ts); the panel asks every section and
 * shows those that answer.
 */
export interface DetailSection {
  /** null when the section has nothing for this selection */
  render(selection: Selection, assetKind: string | null): HTMLElement | null
  destroy(): void
}

/** Builds a section; `rerender` asks the panel to redraw (an answer arrived). */
export type DetailSectionFactory = (rerender: () => void) => DetailSection

export interface LoadedSectionOptions<T> {
  /** data-testid of the section's root */
  testid: string
  title: () => string
  applies(selection: Selection, assetKind: string | null): boolean
  load(selection: Selection, signal: AbortSignal): Promise<T>
  /** the section's content once loaded (the title is drawn above it) */
  view(data: T, selection: Selection, reload: () => void): Node | Node[] | null
  /** how long an answer is reused before it is fetched again (default 60 s) */
  ttlMs?: number
}

interface Entry<T> {
  at: number
  data: T | null
  failed: boolean
}

const keyOf = (s: Selection) => `${s.type}:${s.id}`

/**
 * A section filled by one fetch per selected object, cached `ttlMs`; while loading or after a failure it says so.
 * A stale answer (the selection changed) is dropped; `reload` (passed to the view) fetches at once, after an edit.
 */
export function loadedSection<T>(options: LoadedSectionOptions<T>): DetailSectionFactory {
  const ttl = options.ttlMs ?? 60_000
  return (rerender) => {
    const cache = new Map<string, Entry<T>>()
    const ctrl = new AbortController()
    const fetchFor = (sel: Selection) => {
      const key = keyOf(sel)
      const previous = cache.get(key)
      cache.set(key, { at: Date.now(), data: previous?.data ?? null, failed: false })
      options.load(sel, ctrl.signal).then(
        (data) => {
          if (ctrl.signal.aborted) return
          cache.set(key, { at: Date.now(), data, failed: false })
          rerender()
        },
        (err: unknown) => {
          if (ctrl.signal.aborted || (err as { name?: string })?.name === 'AbortError') return
          cache.set(key, { at: Date.now(), data: null, failed: true })
          rerender()
        },
      )
    }
    return {
      render(sel, kind) {
        if (!options.applies(sel, kind)) return null
        const key = keyOf(sel)
        const hit = cache.get(key)
        if (!hit || Date.now() - hit.at > ttl) fetchFor(sel)
        const entry = cache.get(key)!
        const content =
          entry.data !== null
            ? options.view(entry.data, sel, () => fetchFor(sel))
            : h('div', { class: 'muted' }, entry.failed ? t('common.loadFailed') : t('common.loading'))
        return h(
          'div',
          { 'data-testid': options.testid },
          h('div', { class: 'section-title' }, options.title()),
          content,
        )
      },
      destroy() {
        ctrl.abort()
        cache.clear()
      },
    }
  }
}
