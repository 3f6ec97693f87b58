import type { TagKind } from '../../../server/contracts/live'
import type { Prng } from '../prng'

/**
 * Share of each kind among the park's positioning cards (定位卡, issued at the gates): outside vehicles and hazmat
 * trucks dominate a park's gates; `staff` here is the park's own patrol (园区巡查, of no enterprise).
 */
export const kindShare: Record<TagKind, number> = {
  vehicle: 0.3,
  hazmat_vehicle: 0.25,
  visitor: 0.15,
  contractor: 0.15,
  staff: 0.15,
}

/** Kinds for `count` cards in proportion to `kindShare` (largest remainder), grouped by kind. */
export function planKinds(count: number): TagKind[] {
  const kinds = Object.keys(kindShare) as TagKind[]
  const exact = kinds.map((k) => kindShare[k] * count)
  const n = exact.map(Math.floor)
  const byRemainder = kinds.map((_, i) => i).sort((a, b) => exact[b]! - n[b]! - (exact[a]! - n[a]!) || a - b)
  const missing = count - n.reduce((s, x) => s + x, 0)
  for (let i = 0; i < missing; i++) n[byRemainder[i]!]!++
  return kinds.flatMap((k, i) => Array<TagKind>(n[i]!).fill(k))
}

// GA 36-2018 plates: province + city letter, then 5 characters of digits and letters without I and O.
const jiangsuCities = 'ABCDEFGHJKLMN'
const plateLetters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

export function jiangsuPlate(rng: Prng): string {
  let serial = ''
  let letters = 0
  for (let i = 0; i < 5; i++) {
    // most serials carry at most two letters
    if (letters < 2 && rng.chance(0.3)) {
      serial += rng.pick([...plateLetters])
      letters++
    } else serial += String(rng.int(0, 9))
  }
  return `苏${rng.pick([...jiangsuCities])}·${serial}`
}

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程',
]
const givenChars = [...'伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玲斌浩宇鹏飞']

/** A name masked as on a visitor pass (王*华): surname kept, middle hidden. */
export function maskedName(rng: Prng): string {
  return `${rng.pick(surnames)}*${rng.pick(givenChars)}`
}

const contractorFirms = [
  '中化二建',
  '苏通防腐',
  '华东检修',
  '扬子检测',
  '南通管道工程',
  '江海安装',
  '金陵保温',
  '启东电仪',
]

/**
 * The on-site workforce (workforce.ts), tracked by the enterprises' own personnel positioning (企业人员定位) and fed
 * to the park alongside its cards: operators (staff of their enterprise, 企业操作人员) and maintenance contractors
 * (驻厂检修承包商) who spend the working day at the enterprise's tank farms and process units.
 */
export type WorkforceRole = 'operator' | 'maintenance'

export const workforceKind: Record<WorkforceRole, TagKind> = { operator: 'staff', maintenance: 'contractor' }

/** Two operators to each maintenance contractor. */
export const operatorShare = 2 / 3

/** Roles of `count` workforce cards, operators first. */
export function planWorkforce(count: number): WorkforceRole[] {
  const operators = Math.round(count * operatorShare)
  return [
    ...Array<WorkforceRole>(operators).fill('operator'),
    ...Array<WorkforceRole>(count - operators).fill('maintenance'),
  ]
}

/** An enterprise's short name on its people's cards: 江海氯碱化工有限公司 → 江海氯碱化工. */
export function firmShortName(name: string): string {
  return name.replace(/(股份)?有限(责任)?公司$/, '') || name
}

/** Operators carry their enterprise's short name, maintenance contractors their firm's (as contractor cards). */
export function workforceLabel(role: WorkforceRole, rng: Prng, firmName: string): string {
  return role === 'operator' ? `${firmShortName(firmName)}·${maskedName(rng)}` : tagLabel('contractor', rng)
}

export function tagLabel(kind: TagKind, rng: Prng): string {
  switch (kind) {
    case 'vehicle':
      return jiangsuPlate(rng)
    case 'hazmat_vehicle':
      // hazmat trucks carry the yellow plate of heavy goods vehicles
      return `${jiangsuPlate(rng)}（黄）`
    case 'visitor':
      return `访客·${maskedName(rng)}`
    case 'contractor':
      return `${rng.pick(contractorFirms)}·${maskedName(rng)}`
    case 'staff':
      return `园区巡查·${maskedName(rng)}`
  }
}
