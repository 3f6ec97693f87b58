import type { Me } from '../../../../server/contracts'
import {
  keyProcesses,
  licenceKinds,
  operationKinds,
  standardizationGrades,
  type ContractorDetail,
  type EnterpriseRecordDetail,
  type Licence,
  type OperationRecord,
} from '../../../../server/contracts/safety-basics'
import { safetyBasicsApi, type SafetyBasicsApi } from '../../../api/safety-basics.api'
import { h, mountChildren } from '../../../core/dom'
import { openDialog, type DialogHandle } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { riskHex } from '../../../twin/palette'
import {
  canWrite,
  daysText,
  engineersOf,
  engineersText,
  instantOf,
  intOf,
  licenceColour,
  linesOf,
  localOf,
  parkTime,
  qualificationsOf,
  qualificationsText,
  sortLicences,
  warningText,
} from './basics-model'
import { tx, type BasicsTextKey } from './basics-texts'
import { buildForm, orNull } from './form'

// The dialogs of 安全基础管理: an enterprise's record, a licence, a start-up / overhaul record and a contractor, each
// viewed and, for an account that may write it, edited in a form. `changed` is called after every saved change.

export interface DialogDeps {
  me: Pick<Me, 'role' | 'enterprise_id'> | null
  api?: SafetyBasicsApi
  changed?: () => void
}

const kv = (rows: [string, string | number | null | undefined][]) =>
  h(
    'dl',
    { class: 'kv' },
    rows
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
  )
const section = (key: BasicsTextKey, extra?: Node | null) =>
  h('div', { class: 'section-title sb-section' }, tx(key), extra ?? null)
const button = (testid: string, label: string, onclick: () => void) =>
  h('button', { type: 'button', 'data-testid': testid, onclick }, label)
const loading = (d: DialogHandle) => mountChildren(d.body, h('div', { class: 'muted' }, tx('loading')))
const failed = (d: DialogHandle) => (err: unknown) => {
  if ((err as { name?: string })?.name === 'AbortError') return
  mountChildren(d.body, h('div', { class: 'muted' }, `${tx('failed')}: ${(err as Error)?.message ?? ''}`))
}
const opts = <K extends string>(values: readonly K[]) =>
  values.map((v) => [v, tx(v as BasicsTextKey)] as const)

// ---------- enterprise record ----------

export function openEnterpriseRecord(enterpriseId: string, deps: DialogDeps): DialogHandle {
  const api = deps.api ?? safetyBasicsApi
  const d = openDialog({ title: tx('record'), testid: 'sb-record', width: 'min(820px,92vw)' })
  const show = (r: EnterpriseRecordDetail) => {
    const e = r.enterprise
    const p = r.profile
    d.setTitle(`${tx('record')} · ${pick(e.name, e.name_en)}`)
    const writable = canWrite(deps.me, e.id)
    mountChildren(
      d.body,
      h(
        'div',
        { class: 'sb-head' },
        h(
          'span',
          { class: 'badge', style: `border-color:${riskHex[e.risk]};color:${riskHex[e.risk]}` },
          tx(e.risk),
        ),
        ` ${e.id} · ${pick(e.industry, e.industry_en)}`,
      ),
      kv([
        [tx('creditCode'), e.credit_code],
        [tx('processes'), e.processes.join('、') || '—'],
        [tx('legalRep'), p?.legal_representative],
        [tx('mainResp'), p ? [p.main_responsible, p.main_responsible_phone].filter(Boolean).join(' ') : null],
        [
          tx('safetyDirector'),
          p ? [p.safety_director, p.safety_director_phone].filter(Boolean).join(' ') : null,
        ],
        [tx('safetyStaff'), p ? `${p.safety_staff_count} ${tx('persons')}` : null],
        [tx('employees'), p?.employees],
        [tx('established'), p?.established_on],
        [tx('grade'), p?.standardization_grade ? tx(`grade_${p.standardization_grade}`) : null],
        [tx('address'), p?.address],
      ]),
      p ? null : h('div', { class: 'muted' }, tx('noProfile')),
      p?.safety_engineers.length ? section('engineers') : null,
      p?.safety_engineers.length
        ? h(
            'div',
            { 'data-testid': 'sb-record-engineers' },
            p.safety_engineers.map((x) =>
              h(
                'div',
                {},
                `${x.name} · ${x.certificate_no} · ${x.expires_on}${x.specialty ? ` · ${x.specialty}` : ''}`,
              ),
            ),
          )
        : null,
      section(
        'licences',
        writable
          ? button('sb-record-new-licence', `＋${tx('add')}`, () =>
              openLicence(null, { ...deps, enterpriseId: e.id }),
            )
          : null,
      ),
      licenceList(r.licences, deps),
      section(
        'calendar',
        writable
          ? button('sb-record-new-operation', `＋${tx('add')}`, () =>
              openOperation(null, { ...deps, enterpriseId: e.id }),
            )
          : null,
      ),
      r.operations.length
        ? h(
            'div',
            {},
            r.operations.map((o) => operationLine(o, deps)),
          )
        : h('div', { class: 'muted' }, tx('none')),
      section('contractors'),
      h(
        'div',
        {},
        `${r.contractor_count}${r.blacklisted_contractors ? ` · ${tx('blacklisted')} ${r.blacklisted_contractors}` : ''}`,
      ),
      writable
        ? h(
            'div',
            { class: 'sb-actions' },
            button('sb-record-edit', tx('edit'), () => edit(r)),
          )
        : null,
    )
  }
  const edit = (r: EnterpriseRecordDetail) => {
    const p = r.profile
    const park = deps.me?.role === 'park_admin'
    mountChildren(
      d.body,
      buildForm(
        'sb-profile',
        [
          { key: 'credit_code', label: tx('creditCode'), value: r.enterprise.credit_code, required: true },
          {
            key: 'processes',
            label: tx('processes'),
            type: 'multi',
            value: r.enterprise.processes,
            options: keyProcesses.map((x) => [x, x] as const),
          },
          ...(park
            ? [
                {
                  key: 'risk',
                  label: tx('risk'),
                  type: 'select' as const,
                  value: r.enterprise.risk,
                  options: opts(['red', 'orange', 'yellow', 'blue'] as const),
                },
              ]
            : []),
          { key: 'legal_representative', label: tx('legalRep'), value: p?.legal_representative },
          { key: 'main_responsible', label: tx('mainResp'), value: p?.main_responsible },
          { key: 'main_responsible_phone', label: tx('mainPhone'), value: p?.main_responsible_phone },
          { key: 'safety_director', label: tx('safetyDirector'), value: p?.safety_director },
          { key: 'safety_director_phone', label: tx('safetyPhone'), value: p?.safety_director_phone },
          {
            key: 'safety_staff_count',
            label: tx('safetyStaff'),
            type: 'number',
            value: String(p?.safety_staff_count ?? 0),
            required: true,
          },
          {
            key: 'employees',
            label: tx('employees'),
            type: 'number',
            value: p?.employees == null ? '' : String(p.employees),
          },
          { key: 'established_on', label: tx('established'), type: 'date', value: p?.established_on },
          { key: 'address', label: tx('address'), value: p?.address },
          {
            key: 'standardization_grade',
            label: tx('grade'),
            type: 'select',
            value: p?.standardization_grade ?? '',
            options: [['', '—'], ...standardizationGrades.map((g) => [g, tx(`grade_${g}`)] as const)],
          },
          {
            key: 'safety_engineers',
            label: tx('engineers'),
            type: 'textarea',
            value: engineersText(p?.safety_engineers ?? []),
            hint: tx('engineersHint'),
          },
        ],
        async (v) => {
          const next = await api.putProfile(r.enterprise.id, {
            credit_code: v.credit_code,
            processes: linesOf(v.processes ?? ''),
            ...(park ? { risk: v.risk } : {}),
            legal_representative: orNull(v.legal_representative),
            main_responsible: orNull(v.main_responsible),
            main_responsible_phone: orNull(v.main_responsible_phone),
            safety_director: orNull(v.safety_director),
            safety_director_phone: orNull(v.safety_director_phone),
            safety_staff_count: intOf(v.safety_staff_count ?? '') ?? 0,
            employees: intOf(v.employees ?? ''),
            established_on: orNull(v.established_on),
            address: orNull(v.address),
            standardization_grade: orNull(v.standardization_grade),
            safety_engineers: engineersOf(v.safety_engineers ?? ''),
          })
          deps.changed?.()
          show(next)
        },
        { onCancel: () => show(r) },
      ),
    )
  }
  loading(d)
  api.profile(enterpriseId, d.signal).then(show, failed(d))
  return d
}

function licenceList(rows: readonly Licence[], deps: DialogDeps): HTMLElement {
  if (!rows.length) return h('div', { class: 'muted' }, tx('none'))
  return h(
    'div',
    {},
    sortLicences(rows).map((l) =>
      h(
        'div',
        {
          class: 'sb-line',
          'data-testid': 'sb-licence-line',
          'data-id': l.id,
          onclick: () => openLicence(l, deps),
        },
        h('span', { class: 'sb-dot', style: `background:${licenceColour[l.status]}` }),
        h('span', { class: 'sb-main' }, `${l.title ?? tx(l.kind)} ${l.number}`),
        h(
          'span',
          { class: 'sb-side', style: `color:${licenceColour[l.status]}` },
          `${tx(l.status)} · ${l.valid_to} · ${daysText(l)}`,
        ),
      ),
    ),
  )
}

function operationLine(o: OperationRecord, deps: DialogDeps): HTMLElement {
  return h(
    'div',
    {
      class: 'sb-line',
      'data-testid': 'sb-operation-line',
      'data-id': o.id,
      onclick: () => openOperation(o, deps),
    },
    h('span', { class: 'sb-dot', style: `background:${o.warnings.length ? '#ff4d4f' : '#3fb3ff'}` }),
    h('span', { class: 'sb-main' }, `${tx(o.kind)} · ${o.unit}`),
    h(
      'span',
      { class: 'sb-side' },
      `${parkTime(o.planned_start)} → ${parkTime(o.planned_end)} · ${tx(o.status)}${o.warnings.length ? ' ⚠' : ''}`,
    ),
  )
}

// ---------- licence ----------

export function openLicence(l: Licence | null, deps: DialogDeps & { enterpriseId?: string }): DialogHandle {
  const api = deps.api ?? safetyBasicsApi
  const d = openDialog({
    title: l ? `${l.title ?? tx(l.kind)} ${l.number}` : tx('newLicence'),
    testid: 'sb-licence',
  })
  const show = (x: Licence) => {
    d.setTitle(`${x.title ?? tx(x.kind)} ${x.number}`)
    mountChildren(
      d.body,
      h(
        'div',
        { 'data-testid': 'sb-licence-status', style: `color:${licenceColour[x.status]}` },
        `${tx(x.status)} · ${daysText(x)}`,
      ),
      kv([
        [tx('enterprise'), x.enterprise_id],
        [tx('kind'), tx(x.kind)],
        [tx('number'), x.number],
        [tx('issuer'), x.issuer],
        [tx('scope'), x.scope],
        [tx('validFrom'), x.valid_from],
        [tx('validTo'), x.valid_to],
        [tx('note'), x.note],
      ]),
      canWrite(deps.me, x.enterprise_id)
        ? h(
            'div',
            { class: 'sb-actions' },
            button('sb-licence-edit', tx('edit'), () => form(x)),
            x.cancelled
              ? null
              : button('sb-licence-cancel', tx('cancelLicence'), () =>
                  api.patchLicence(x.id, { cancelled: true }).then((y) => {
                    deps.changed?.()
                    show(y)
                  }, failed(d)),
                ),
          )
        : null,
    )
  }
  const form = (x: Licence | null) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-licence-form',
        [
          ...(x
            ? []
            : [
                ...(deps.me?.role === 'park_admin' && !deps.enterpriseId
                  ? [{ key: 'enterprise_id', label: tx('enterprise'), hint: 'E01', required: true }]
                  : []),
                {
                  key: 'kind',
                  label: tx('kind'),
                  type: 'select' as const,
                  value: 'safety_production',
                  options: opts(licenceKinds),
                },
              ]),
          ...(!x || x.kind === 'other' ? [{ key: 'title', label: tx('title'), value: x?.title }] : []),
          { key: 'number', label: tx('number'), value: x?.number, required: true },
          { key: 'issuer', label: tx('issuer'), value: x?.issuer, required: true },
          { key: 'scope', label: tx('scope'), type: 'textarea', value: x?.scope, required: true },
          { key: 'valid_from', label: tx('validFrom'), type: 'date', value: x?.valid_from, required: true },
          { key: 'valid_to', label: tx('validTo'), type: 'date', value: x?.valid_to, required: true },
          { key: 'note', label: tx('note'), value: x?.note },
        ],
        async (v) => {
          const common = {
            number: v.number,
            issuer: v.issuer,
            scope: v.scope,
            valid_from: v.valid_from,
            valid_to: v.valid_to,
            note: orNull(v.note),
          }
          const title = v.title === undefined ? {} : { title: orNull(v.title) }
          const saved = x
            ? await api.patchLicence(x.id, { ...common, ...title })
            : await api.createLicence({
                ...common,
                ...title,
                kind: v.kind,
                ...(v.enterprise_id
                  ? { enterprise_id: v.enterprise_id.trim() }
                  : deps.enterpriseId
                    ? { enterprise_id: deps.enterpriseId }
                    : {}),
              })
          deps.changed?.()
          show(saved)
        },
        { onCancel: x ? () => show(x) : () => d.close() },
      ),
    )
  if (l) show(l)
  else form(null)
  return d
}

// ---------- start-up / shutdown / overhaul ----------

export function openOperation(
  o: OperationRecord | null,
  deps: DialogDeps & { enterpriseId?: string },
): DialogHandle {
  const api = deps.api ?? safetyBasicsApi
  const d = openDialog({
    title: o ? `${tx(o.kind)} · ${o.unit}` : tx('newOperation'),
    testid: 'sb-operation',
  })
  const show = (x: OperationRecord) => {
    d.setTitle(`${tx(x.kind)} · ${x.unit}`)
    const writable = canWrite(deps.me, x.enterprise_id)
    const step = (status: string, label: string) =>
      button(`sb-operation-${status}`, label, () =>
        api.patchOperation(x.id, { status }).then((y) => {
          deps.changed?.()
          show(y)
        }, failed(d)),
      )
    mountChildren(
      d.body,
      x.warnings.length
        ? h(
            'div',
            { class: 'sb-warnings', 'data-testid': 'sb-operation-warnings' },
            section('warnings'),
            x.warnings.map((w) => h('div', {}, `⚠ ${warningText(w)}`)),
          )
        : null,
      kv([
        [tx('enterprise'), x.enterprise_id],
        [tx('status'), tx(x.status)],
        [tx('unit'), x.unit],
        [tx('plannedStart'), parkTime(x.planned_start)],
        [tx('plannedEnd'), parkTime(x.planned_end)],
        [tx('actualStart'), x.actual_start && parkTime(x.actual_start)],
        [tx('actualEnd'), x.actual_end && parkTime(x.actual_end)],
        [tx('responsible'), [x.responsible_person, x.responsible_phone].filter(Boolean).join(' ')],
        [tx('note'), x.note],
      ]),
      section('measures'),
      h(
        'ol',
        {},
        x.safety_measures.map((m) => h('li', {}, m)),
      ),
      writable && (x.status === 'planned' || x.status === 'in_progress')
        ? h(
            'div',
            { class: 'sb-actions' },
            button('sb-operation-edit', tx('edit'), () => form(x)),
            x.status === 'planned' ? step('in_progress', tx('start')) : step('completed', tx('complete')),
            step('cancelled', tx('cancel')),
          )
        : null,
    )
  }
  const form = (x: OperationRecord | null) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-operation-form',
        [
          ...(x
            ? []
            : [
                ...(deps.me?.role === 'park_admin' && !deps.enterpriseId
                  ? [{ key: 'enterprise_id', label: tx('enterprise'), hint: 'E01', required: true }]
                  : []),
                {
                  key: 'kind',
                  label: tx('kind'),
                  type: 'select' as const,
                  value: 'overhaul',
                  options: opts(operationKinds),
                },
              ]),
          { key: 'unit', label: tx('unit'), value: x?.unit, required: true },
          {
            key: 'planned_start',
            label: tx('plannedStart'),
            type: 'datetime-local',
            value: x && localOf(x.planned_start),
            required: true,
          },
          {
            key: 'planned_end',
            label: tx('plannedEnd'),
            type: 'datetime-local',
            value: x && localOf(x.planned_end),
            required: true,
          },
          {
            key: 'responsible_person',
            label: tx('responsible'),
            value: x?.responsible_person,
            required: true,
          },
          { key: 'responsible_phone', label: tx('phone'), value: x?.responsible_phone },
          {
            key: 'safety_measures',
            label: tx('measures'),
            type: 'textarea',
            value: x?.safety_measures.join('\n'),
            hint: tx('measuresHint'),
            required: true,
          },
          { key: 'note', label: tx('note'), value: x?.note },
        ],
        async (v) => {
          const body = {
            unit: v.unit,
            planned_start: instantOf(v.planned_start ?? '') ?? v.planned_start,
            planned_end: instantOf(v.planned_end ?? '') ?? v.planned_end,
            responsible_person: v.responsible_person,
            responsible_phone: orNull(v.responsible_phone),
            safety_measures: linesOf(v.safety_measures ?? ''),
            note: orNull(v.note),
          }
          const saved = x
            ? await api.patchOperation(x.id, body)
            : await api.createOperation({
                ...body,
                kind: v.kind,
                ...(v.enterprise_id
                  ? { enterprise_id: v.enterprise_id.trim() }
                  : deps.enterpriseId
                    ? { enterprise_id: deps.enterpriseId }
                    : {}),
              })
          deps.changed?.()
          show(saved)
        },
        { onCancel: x ? () => show(x) : () => d.close() },
      ),
    )
  if (o) show(o)
  else form(null)
  return d
}

// ---------- contractor ----------

export function openContractor(id: string | null, deps: DialogDeps): DialogHandle {
  const api = deps.api ?? safetyBasicsApi
  const d = openDialog({
    title: tx(id ? 'contractor' : 'newContractor'),
    testid: 'sb-contractor',
    width: 'min(820px,92vw)',
  })
  const done = (c: ContractorDetail) => {
    deps.changed?.()
    show(c)
  }
  const show = (c: ContractorDetail) => {
    d.setTitle(`${tx('contractor')} · ${c.name}`)
    const writable = canWrite(deps.me, c.enterprise_id)
    const names = new Map(c.people.map((p) => [p.id, p.name]))
    mountChildren(
      d.body,
      c.blacklisted
        ? h(
            'div',
            { class: 'sb-warnings', 'data-testid': 'sb-contractor-blacklisted' },
            `⛔ ${tx('blacklisted')}：${c.blacklist_reason}`,
          )
        : null,
      kv([
        [tx('enterprise'), c.enterprise_id],
        [tx('creditCode'), c.credit_code],
        [tx('contact'), [c.contact_person, c.phone].filter(Boolean).join(' ')],
        [tx('serviceScope'), c.service_scope],
      ]),
      section('qualifications'),
      c.qualifications.length
        ? h(
            'div',
            {},
            c.qualifications.map((q) =>
              h(
                'div',
                { class: q.expires_on < new Date().toISOString().slice(0, 10) ? 'sb-bad' : '' },
                `${q.name} · ${q.number} · ${q.expires_on}`,
              ),
            ),
          )
        : h('div', { class: 'muted' }, tx('none')),
      section(
        'people',
        writable ? button('sb-contractor-add-person', `＋${tx('add')}`, () => personForm(c)) : null,
      ),
      c.people.length
        ? h(
            'div',
            { 'data-testid': 'sb-contractor-people' },
            c.people.map((p) =>
              h(
                'div',
                { class: p.trained ? '' : 'sb-bad' },
                `${p.name}${p.job ? ` · ${p.job}` : ''} · ${p.trained ? tx('trained') : tx('untrained')}${p.training_valid_to ? ` (${p.training_valid_to})` : ''}${p.certificate_no ? ` · ${tx('certificate')} ${p.certificate_expires}` : ''}`,
              ),
            ),
          )
        : h('div', { class: 'muted' }, tx('none')),
      section(
        'entries',
        writable && !c.blacklisted && c.people.length
          ? button('sb-contractor-request-entry', `＋${tx('requestEntry')}`, () => entryForm(c))
          : null,
      ),
      c.entries.length
        ? h(
            'div',
            { 'data-testid': 'sb-contractor-entries' },
            c.entries.map((e) =>
              h(
                'div',
                { class: 'sb-line', 'data-id': e.id },
                h(
                  'span',
                  { class: 'sb-main' },
                  `${e.valid_from} → ${e.valid_to} · ${e.work}${e.area ? ` · ${e.area}` : ''} · ${e.person_ids.map((x) => names.get(x) ?? x).join('、')}`,
                ),
                h('span', { class: 'sb-side' }, tx(e.status)),
                writable && e.status === 'requested'
                  ? h(
                      'span',
                      {},
                      button(`sb-entry-approve-${e.id}`, tx('approve'), () =>
                        api.decideEntry(c.id, e.id, { status: 'approved' }).then(done, shownError),
                      ),
                      button(`sb-entry-reject-${e.id}`, tx('reject'), () =>
                        api.decideEntry(c.id, e.id, { status: 'rejected' }).then(done, shownError),
                      ),
                    )
                  : null,
              ),
            ),
          )
        : h('div', { class: 'muted' }, tx('none')),
      error,
      writable
        ? h(
            'div',
            { class: 'sb-actions' },
            button('sb-contractor-edit', tx('edit'), () => form(c)),
            c.blacklisted
              ? button('sb-contractor-unblacklist', tx('unblacklist'), () =>
                  api.unblacklist(c.id).then(done, shownError),
                )
              : button('sb-contractor-blacklist', tx('blacklist'), () => blacklistForm(c)),
          )
        : null,
    )
  }
  const error = h('div', { class: 'sb-error', 'data-testid': 'sb-contractor-error', role: 'alert' })
  const shownError = (err: unknown) => {
    error.textContent = (err as Error)?.message ?? String(err)
  }
  const form = (c: ContractorDetail | null) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-contractor-form',
        [
          ...(!c && deps.me?.role === 'park_admin'
            ? [{ key: 'enterprise_id', label: tx('enterprise'), hint: 'E01', required: true }]
            : []),
          { key: 'name', label: tx('company'), value: c?.name, required: true },
          { key: 'credit_code', label: tx('creditCode'), value: c?.credit_code },
          { key: 'contact_person', label: tx('contact'), value: c?.contact_person },
          { key: 'phone', label: tx('phone'), value: c?.phone },
          { key: 'service_scope', label: tx('serviceScope'), value: c?.service_scope, required: true },
          {
            key: 'qualifications',
            label: tx('qualifications'),
            type: 'textarea',
            value: qualificationsText(c?.qualifications ?? []),
            hint: tx('qualificationsHint'),
          },
        ],
        async (v) => {
          const body = {
            name: v.name,
            credit_code: orNull(v.credit_code),
            contact_person: orNull(v.contact_person),
            phone: orNull(v.phone),
            service_scope: v.service_scope,
            qualifications: qualificationsOf(v.qualifications ?? ''),
          }
          done(
            c
              ? await api.patchContractor(c.id, body)
              : await api.createContractor({
                  ...body,
                  ...(v.enterprise_id ? { enterprise_id: v.enterprise_id.trim() } : {}),
                }),
          )
        },
        { onCancel: c ? () => show(c) : () => d.close() },
      ),
    )
  const blacklistForm = (c: ContractorDetail) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-blacklist-form',
        [{ key: 'reason', label: tx('reason'), type: 'textarea', required: true }],
        async (v) => done(await api.blacklist(c.id, v.reason ?? '')),
        {
          submitLabel: tx('blacklist'),
          onCancel: () => show(c),
        },
      ),
    )
  const personForm = (c: ContractorDetail) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-person-form',
        [
          { key: 'name', label: tx('people'), required: true },
          { key: 'job', label: tx('job') },
          { key: 'phone', label: tx('phone') },
          { key: 'trained_on', label: tx('trainedOn'), type: 'date' },
          { key: 'training_valid_to', label: tx('trainingTo'), type: 'date' },
          { key: 'certificate_no', label: tx('certificate') },
          { key: 'certificate_expires', label: tx('certificateExpires'), type: 'date' },
        ],
        async (v) =>
          done(
            await api.addPerson(c.id, {
              name: v.name,
              job: orNull(v.job),
              phone: orNull(v.phone),
              trained_on: orNull(v.trained_on),
              training_valid_to: orNull(v.training_valid_to),
              certificate_no: orNull(v.certificate_no),
              certificate_expires: orNull(v.certificate_expires),
            }),
          ),
        { onCancel: () => show(c) },
      ),
    )
  const entryForm = (c: ContractorDetail) =>
    mountChildren(
      d.body,
      buildForm(
        'sb-entry-form',
        [
          { key: 'work', label: tx('work'), value: c.service_scope, required: true },
          { key: 'area', label: tx('area') },
          { key: 'valid_from', label: tx('validFrom'), type: 'date', required: true },
          { key: 'valid_to', label: tx('validTo'), type: 'date', required: true },
          {
            key: 'person_ids',
            label: tx('people'),
            type: 'multi',
            options: c.people.map(
              (p) => [p.id, `${p.name}${p.trained ? '' : ` (${tx('untrained')})`}`] as const,
            ),
          },
        ],
        async (v) =>
          done(
            await api.requestEntry(c.id, {
              work: v.work,
              area: orNull(v.area),
              valid_from: v.valid_from,
              valid_to: v.valid_to,
              person_ids: linesOf(v.person_ids ?? ''),
            }),
          ),
        { submitLabel: tx('requestEntry'), onCancel: () => show(c) },
      ),
    )
  if (id) {
    loading(d)
    api.contractor(id, d.signal).then(show, failed(d))
  } else form(null)
  return d
}
