import { describe, expect, it } from 'vitest'
import { en } from '../../../../../client/shell/i18n/en.messages'
import {
  dictionaries,
  format,
  getLocale,
  initialLocale,
  localeStorageKey,
  pick,
  setLocale,
  t,
} from '../../../../../client/shell/i18n/i18n'
import { zhCN } from '../../../../../client/shell/i18n/zh-cn.messages'

describe('i18n dictionaries', () => {
  it('zh-CN and en have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort())
  })

  it.each(Object.entries(dictionaries))('%s has no empty or whitespace-only strings', (_locale, dict) => {
    const empty = Object.entries(dict).filter(([, v]) => v.trim() === '')
    expect(empty).toEqual([])
  })

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(names(en[key]), key).toEqual(names(zhCN[key]))
    }
  })

  it('has a label for each of the five centers', () => {
    for (const c of ['about', 'emergency', 'safety', 'environment', 'management']) {
      expect(zhCN).toHaveProperty(`nav.${c}`)
    }
    expect(zhCN['nav.about']).toBe('关于园区')
    expect(zhCN['nav.management']).toBe('智慧管理')
  })
})

describe('format / t / pick', () => {
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(format('{s} 秒前', { s: 5 })).toBe('5 秒前')
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}')
    expect(format('plain')).toBe('plain')
  })

  it('switches language and picks bilingual fields', () => {
    setLocale('en')
    expect(getLocale()).toBe('en')
    expect(t('conn.ago', { s: 3 })).toBe('3 s ago')
    expect(pick('甲醇', 'Methanol')).toBe('Methanol')
    expect(pick('甲醇', null)).toBe('甲醇')
    setLocale('zh-CN')
    expect(t('conn.ago', { s: 3 })).toBe('3 秒前')
    expect(pick('甲醇', 'Methanol')).toBe('甲醇')
  })

  it('persists the choice and restores only valid locales', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    }
    expect(initialLocale(storage)).toBe('zh-CN')
    setLocale('en', storage)
    expect(store.get(localeStorageKey)).toBe('en')
    expect(initialLocale(storage)).toBe('en')
    store.set(localeStorageKey, 'fr')
    expect(initialLocale(storage)).toBe('zh-CN')
    setLocale('zh-CN', storage)
  })
})
