import {
  parkDay,
  type DueState,
  type EmergencyPlan,
  type PlanDetail,
} from '../../../server/contracts/emergency-plans'
import { emergencyPlansApi, type EmergencyPlansApi } from '../../api/emergency-plans.api'
import { h } from '../../core/dom'
import { openDialog } from '../../shell/dialog'
import { getLocale, pick } from '../../shell/i18n/i18n'

// Emergency plans in the browser: the few strings of the plans and resources panels and the plan viewer live
// here (zh-CN / en) so the shared message files need no change; pure formatting for the panels; the viewer.

const text = {
  'zh-CN': {
    plans: '应急预案',
    resources: '应急资源',
    comprehensive: '综合预案',
    special: '专项预案',
    onsite: '现场处置方案',
    safety: '安全生产',
    environmental: '环境',
    natural_disaster: '自然灾害',
    park: '园区级',
    enterprise: '企业级',
    workshop: '车间级',
    draft: '草稿',
    reviewed: '已评审',
    filed: '已备案',
    superseded: '已废止',
    nextDrill: '下次演练',
    drillOverdue: '演练逾期',
    drillDue: '演练将到期',
    revisionDue: '待修订',
    revisionOverdue: '修订逾期',
    noDrill: '未定演练',
    version: '版本',
    filedAt: '备案日期',
    authority: '备案机关',
    validTo: '修订期限',
    lastDrill: '上次演练',
    interval: '演练周期',
    months: '个月',
    review: '专家评审意见',
    experts: '评审专家',
    assets: '关联设施',
    drills: '演练记录',
    versions: '版本历史',
    text: '预案正文',
    close: '关闭',
    loading: '加载中…',
    failed: '预案加载失败',
    unavailable: '暂无法获取',
    assetPlans: '现场处置方案',
    dueCount: '{n} 项待演练/修订',
    team: '救援队伍',
    supply: '应急物资',
    expert: '应急专家',
    shelter: '避难场所',
    depot: '物资库',
    people: '人',
    capacity: '容纳 {n} 人',
    tabletop: '桌面推演',
    functional: '功能演练',
    full_scale: '综合实战演练',
    via_asset: '本设备',
    via_tank_farm: '所在罐区',
    via_enterprise: '本企业',
    newPlan: '新建预案',
  },
  en: {
    plans: 'Emergency plans',
    resources: 'Emergency resources',
    comprehensive: 'Comprehensive',
    special: 'Special',
    onsite: 'On-site disposal',
    safety: 'Safety',
    environmental: 'Environmental',
    natural_disaster: 'Natural disaster',
    park: 'Park',
    enterprise: 'Enterprise',
    workshop: 'Workshop',
    draft: 'Draft',
    reviewed: 'Reviewed',
    filed: 'Filed',
    superseded: 'Superseded',
    nextDrill: 'Next drill',
    drillOverdue: 'Drill overdue',
    drillDue: 'Drill due',
    revisionDue: 'Revision due',
    revisionOverdue: 'Revision overdue',
    noDrill: 'No drill date',
    version: 'Version',
    filedAt: 'Filed on',
    authority: 'Filed with',
    validTo: 'Revise by',
    lastDrill: 'Last drill',
    interval: 'Drill every',
    months: 'months',
    review: 'Expert review',
    experts: 'Experts',
    assets: 'Attached assets',
    drills: 'Drills',
    versions: 'Versions',
    text: 'Plan text',
    close: 'Close',
    loading: 'Loading…',
    failed: 'Could not load the plan',
    unavailable: 'Unavailable',
    assetPlans: 'On-site disposal plans',
    dueCount: '{n} due for drill/revision',
    team: 'Teams',
    supply: 'Supplies',
    expert: 'Experts',
    shelter: 'Shelters',
    depot: 'Depots',
    people: 'people',
    capacity: 'holds {n}',
    tabletop: 'Tabletop',
    functional: 'Functional',
    full_scale: 'Full-scale',
    via_asset: 'this asset',
    via_tank_farm: 'its tank farm',
    via_enterprise: 'its enterprise',
    newPlan: 'New plan',
  },
} as const
export type PlanTextKey = keyof (typeof text)['en']
/** A local string, with {name} placeholders filled. */
export function tp(key: PlanTextKey, vars: Record<string, string | number> = {}): string {
  return text[getLocale()][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''))
}

export const dueColour: Record<DueState, string> = {
  overdue: '#ff4d4f',
  due: '#ffb020',
  ok: '#3fb3ff',
  none: '#8aa0b8',
}

/** The worse of a plan's drill and revision states. */
export function planUrgency(p: Pick<EmergencyPlan, 'drill_state' | 'revision_state'>): DueState {
  const rank: Record<DueState, number> = { none: 0, ok: 1, due: 2, overdue: 3 }
  return rank[p.drill_state] >= rank[p.revision_state] ? p.drill_state : p.revision_state
}

/** The side note of a plan in a list: the reminder that matters most, else the next drill date. */
export function planDueText(
  p: Pick<EmergencyPlan, 'drill_state' | 'revision_state' | 'next_drill_due' | 'valid_to'>,
): string {
  if (p.drill_state === 'overdue') return `${tp('drillOverdue')} ${p.next_drill_due}`
  if (p.revision_state === 'overdue') return `${tp('revisionOverdue')} ${p.valid_to}`
  if (p.drill_state === 'due') return `${tp('drillDue')} ${p.next_drill_due}`
  if (p.revision_state === 'due') return `${tp('revisionDue')} ${p.valid_to}`
  return p.next_drill_due ? `${tp('nextDrill')} ${p.next_drill_due}` : tp('noDrill')
}

/** "专项预案 · 园区级 · 已备案 · v2" */
export function planMeta(p: Pick<EmergencyPlan, 'kind' | 'level' | 'status' | 'version'>): string {
  return [tp(p.kind), tp(p.level), tp(p.status), `v${p.version}`].join(' · ')
}

/** Urgent first (overdue, due), then park before enterprises, then by title. */
export function sortPlans<T extends EmergencyPlan>(plans: readonly T[]): T[] {
  const rank: Record<DueState, number> = { overdue: 0, due: 1, ok: 2, none: 3 }
  return [...plans].sort(
    (a, b) =>
      rank[planUrgency(a)] - rank[planUrgency(b)] ||
      Number(a.enterprise_id !== null) - Number(b.enterprise_id !== null) ||
      a.title.localeCompare(b.title, 'zh-CN'),
  )
}

/** The plan's markdown as elements (headings, list items, paragraphs); text only, never HTML. */
export function markdownBlocks(md: string): HTMLElement[] {
  const out: HTMLElement[] = []
  for (const raw of md.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    const heading = /^(#{1,3})\s+(.*)$/.exec(line)
    if (heading)
      out.push(h(heading[1]!.length === 1 ? 'h3' : heading[1]!.length === 2 ? 'h4' : 'h5', {}, heading[2]!))
    else if (/^([-*]|\d+\.)\s+/.test(line)) out.push(h('div', { style: 'padding-left:1em' }, line))
    else out.push(h('p', { style: 'margin:4px 0' }, line))
  }
  return out
}

function kv(rows: [string, string | null | undefined][]) {
  return h(
    'dl',
    { class: 'kv' },
    rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]),
  )
}

function detailBody(p: PlanDetail, actions: HTMLElement | null): (HTMLElement | null)[] {
  const today = parkDay(Date.now())
  const r = p.expert_review
  return [
    h('h2', { 'data-testid': 'plan-title' }, p.title),
    p.title_en ? h('div', { class: 'en' }, p.title_en) : null,
    h(
      'div',
      {
        class: 'muted',
        'data-testid': 'plan-meta',
        'data-plan': p.id,
        'data-status': p.status,
        'data-version': p.version,
      },
      `${planMeta(p)} · ${tp(p.domain)}${p.document_ref ? ` · ${p.document_ref}` : ''}`,
    ),
    actions,
    kv([
      [tp('filedAt'), p.filed_at],
      [tp('authority'), p.filing_authority],
      [tp('validTo'), p.valid_to],
      [tp('lastDrill'), p.last_drill_at],
      [tp('interval'), `${p.drill_interval_months} ${tp('months')}`],
      [tp('nextDrill'), p.next_drill_due],
    ]),
    h(
      'div',
      {
        'data-testid': 'plan-due',
        style: `color:${dueColour[planUrgency(p)]}`,
      },
      planDueText(p),
      p.next_drill_due && p.next_drill_due < today ? ' ⚠' : '',
    ),
    r && h('div', { class: 'section-title' }, tp('review')),
    r &&
      h(
        'div',
        { 'data-testid': 'plan-review', 'data-conclusion': r.conclusion },
        h('div', {}, `${r.date} · ${tp('experts')}：${r.experts.map((e) => e.name).join('、')}`),
        h('p', { style: 'margin:4px 0' }, r.opinions),
      ),
    p.assets.length ? h('div', { class: 'section-title' }, tp('assets')) : null,
    p.assets.length
      ? h(
          'div',
          { 'data-testid': 'plan-assets' },
          p.assets.map((a) => h('span', { class: 'badge', 'data-asset': a.id }, pick(a.name, a.name_en))),
        )
      : null,
    p.drills.length ? h('div', { class: 'section-title' }, tp('drills')) : null,
    p.drills.length
      ? h(
          'div',
          { 'data-testid': 'plan-drills' },
          p.drills
            .slice(0, 5)
            .map((d) =>
              h(
                'div',
                { 'data-drill': d.id },
                `${d.drilled_on} · ${tp(d.drill_type)}${d.participants ? ` · ${d.participants} ${tp('people')}` : ''}`,
              ),
            ),
        )
      : null,
    p.versions.length > 1
      ? h(
          'div',
          { class: 'muted' },
          `${tp('versions')}：${p.versions.map((v) => `v${v.version} ${tp(v.status)}`).join(' / ')}`,
        )
      : null,
    h('div', { class: 'section-title' }, tp('text')),
    h('div', { 'data-testid': 'plan-text' }, markdownBlocks(p.body)),
  ]
}

export interface PlanViewerOptions {
  /** the edit controls of the plan (plan-editor.ts), shown under its title; none: read only */
  actions?: (p: PlanDetail) => HTMLElement | null
}

/** Opens the plan viewer (one at a time) over the page; Esc, the close button or the backdrop close it. */
export function openPlanViewer(
  id: string,
  api: Pick<EmergencyPlansApi, 'get'> = emergencyPlansApi,
  options: PlanViewerOptions = {},
): { close(): void } {
  const dialog = openDialog({ title: tp('plans'), testid: 'plan-viewer' })
  dialog.body.replaceChildren(h('div', { class: 'muted' }, tp('loading')))
  api.get(id, dialog.signal).then(
    (p) =>
      dialog.body.replaceChildren(
        ...detailBody(p, options.actions?.(p) ?? null).filter((x): x is HTMLElement => x !== null),
      ),
    (err: unknown) => {
      if ((err as { name?: string })?.name === 'AbortError') return
      dialog.body.replaceChildren(h('div', { class: 'muted' }, tp('failed')))
    },
  )
  return dialog
}
