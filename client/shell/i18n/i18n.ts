import { en } from './en.messages'
import { zhCN, type MessageKey, type Messages } from './zh-cn.messages'

export type { MessageKey } from './zh-cn.messages'
export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'zh-CN'
export const localeStorageKey = 'cpt.locale'

export const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en }

type Vars = Record<string, string | number>
type Listener = (locale: Locale) => void

let current: Locale = defaultLocale
const listeners = new Set<Listener>()

/** Fills `{name}` placeholders; unknown placeholders stay visible so they are noticed. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

export function t(key: MessageKey, vars?: Vars): string {
  return format(dictionaries[current][key], vars)
}

/** Picks the zh or en variant of a bilingual field (server rows carry `name` and `name_en`). */
export function pick(zh: string, enText: string | null | undefined): string {
  return current === 'en' && enText ? enText : zh
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

export function getLocale(): Locale {
  return current
}

export function setLocale(locale: Locale, storage?: Pick<Storage, 'setItem'>): void {
  storage?.setItem(localeStorageKey, locale)
  if (locale === current) return
  current = locale
  for (const fn of listeners) fn(locale)
}

export function initialLocale(storage?: Pick<Storage, 'getItem'>): Locale {
  const saved = storage?.getItem(localeStorageKey)
  return isLocale(saved) ? saved : defaultLocale
}

export function onLocaleChange(fn: Listener): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

export function numberFormat(value: number, maximumFractionDigits = 0): string {
  return value.toLocaleString(current, { maximumFractionDigits })
}
