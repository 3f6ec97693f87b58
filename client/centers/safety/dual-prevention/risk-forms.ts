import type { AssetFeature } from '../../../../server/contracts/park'
import {
  unitTypes,
  type RiskPointDetail,
  type RiskUnit,
  type RiskUnitDetail,
} from '../../../../server/contracts/risk'
import { riskApi, type RiskApi } from '../../../api/risk.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { FieldError, fieldForm, type FieldForm } from '../hazards/field-errors'
import { tx, type DualTextKey } from './dual-texts'
import { assetPosition, pointBody, unitAssetChoices, unitBody, type FormResult } from './risk-form-model'

// The create forms of 风险分级管控 (risk register): a risk unit (风险单元: enterprise, name, type, responsible
// person, the facilities it holds) and a risk point (风险点: its unit, hazard, possible accident, control measures,
// and its place — typed longitude/latitude, or taken from one of the unit's facilities). A refusal of the server
// (unknown asset, a point off the park, a missing name…) is shown next to the field it names.

export interface EnterpriseChoice {
  id: string
  name: string
  name_en: string
}

export interface RiskFormOptions<T> {
  enterprises: readonly EnterpriseChoice[]
  /** an enterprise account's own enterprise (fixed); null for park accounts */
  ownEnterprise: string | null
  /** preselected enterprise (the tab's filter) */
  enterprise?: string
  /** the park's assets (ParkData), for the unit's facilities and the point's position */
  assets: readonly AssetFeature[]
  onCreated?: (created: T) => void
  api?: Pick<RiskApi, 'createUnit' | 'createPoint' | 'units'>
}

const inputStyle = 'width:100%;box-sizing:border-box'
const input = (testid: string, type = 'text') =>
  h('input', { type, 'data-testid': testid, style: inputStyle }) as HTMLInputElement
const area = (testid: string) =>
  h('textarea', { 'data-testid': testid, rows: 2, style: inputStyle }) as HTMLTextAreaElement

function bodyOf<T>(r: FormResult<T>): T {
  if (!r.ok) throw new FieldError(r.field, r.message)
  return r.body
}

function enterpriseSelect(
  testid: string,
  o: Pick<RiskFormOptions<never>, 'enterprises' | 'ownEnterprise' | 'enterprise'>,
): HTMLSelectElement {
  const chosen = o.ownEnterprise ?? o.enterprise ?? ''
  const list = o.ownEnterprise ? o.enterprises.filter((e) => e.id === o.ownEnterprise) : o.enterprises
  const el = h(
    'select',
    { 'data-testid': testid, style: inputStyle },
    o.ownEnterprise ? null : h('option', { value: '' }, '—'),
    list.map((e) =>
      h('option', { value: e.id, selected: e.id === chosen }, `${e.id} ${pick(e.name, e.name_en)}`),
    ),
  ) as HTMLSelectElement
  if (o.ownEnterprise) el.setAttribute('disabled', '')
  return el
}

/** Submit / cancel around the fields; `run` sends, a refusal is shown by `ff`. */
function shell(
  testid: string,
  ff: FieldForm,
  fields: (HTMLElement | null)[],
  run: () => Promise<void>,
  close: () => void,
) {
  const save = h('button', { type: 'submit', class: 'primary', 'data-testid': `${testid}-save` }, tx('save'))
  return h(
    'form',
    {
      'data-testid': testid,
      novalidate: true,
      onsubmit: ((ev: Event) => {
        ev.preventDefault()
        ff.clear()
        save.setAttribute('disabled', '')
        Promise.resolve()
          .then(run)
          .then(
            () => save.removeAttribute('disabled'),
            (err: unknown) => {
              save.removeAttribute('disabled')
              ff.show(err, tx('failed'))
            },
          )
      }) as EventListener,
    },
    fields,
    ff.general,
    h(
      'div',
      { style: 'display:flex;gap:8px;margin-top:6px' },
      save,
      h('button', { type: 'button', 'data-testid': `${testid}-cancel`, onclick: close }, tx('cancel')),
    ),
  )
}

/** 新建风险单元: the unit and the facilities it holds. */
export function openRiskUnitForm(o: RiskFormOptions<RiskUnitDetail>): { close(): void } {
  const api = o.api ?? riskApi
  const dlg = openDialog({ title: tx('newUnit'), testid: 'risk-unit-dialog', width: 'min(640px,92vw)' })
  const t = 'risk-unit-form'
  const ff = fieldForm(t)
  const ent = enterpriseSelect(`${t}-enterprise_id`, o)
  const name = input(`${t}-name`)
  const nameEn = input(`${t}-name_en`)
  const type = h(
    'select',
    { 'data-testid': `${t}-unit_type`, style: inputStyle },
    unitTypes.map((u) => h('option', { value: u }, tx(`ut_${u}` as DualTextKey))),
  ) as HTMLSelectElement
  const responsible = input(`${t}-responsible`)
  const note = area(`${t}-note`)
  const assets = h('select', {
    'data-testid': `${t}-asset_ids`,
    multiple: true,
    size: 6,
    style: inputStyle,
  }) as HTMLSelectElement
  const fillAssets = () =>
    assets.replaceChildren(
      ...unitAssetChoices(o.assets, ent.value).map((a) =>
        h('option', { value: a.id }, `${a.id} ${pick(a.name, a.name_en)}`),
      ),
    )
  ent.addEventListener('change', fillAssets)
  fillAssets()
  dlg.body.replaceChildren(
    shell(
      t,
      ff,
      [
        ff.row('enterprise_id', tx('enterprise'), ent),
        ff.row('name', tx('unitName'), name),
        ff.row('name_en', tx('nameEn'), nameEn),
        ff.row('unit_type', tx('unitType'), type),
        ff.row('responsible', tx('responsible'), responsible),
        ff.row('asset_ids', tx('unitAssets'), assets, tx('unitAssetsHint')),
        ff.row('note', tx('note'), note),
      ],
      async () => {
        const body = bodyOf(
          unitBody(
            {
              enterprise_id: ent.value,
              name: name.value,
              name_en: nameEn.value,
              unit_type: type.value,
              responsible: responsible.value,
              note: note.value,
              asset_ids: [...assets.selectedOptions].map((x) => x.value),
            },
            o.ownEnterprise,
          ),
        )
        const created = await api.createUnit(body)
        dlg.close()
        o.onCreated?.(created)
      },
      () => dlg.close(),
    ),
  )
  return dlg
}

/** 新建风险点: its unit, texts and place (typed, or an asset of the unit's). */
export function openRiskPointForm(o: RiskFormOptions<RiskPointDetail>): { close(): void } {
  const api = o.api ?? riskApi
  const dlg = openDialog({ title: tx('newPoint'), testid: 'risk-point-dialog', width: 'min(680px,92vw)' })
  const t = 'risk-point-form'
  const ff = fieldForm(t)
  const byId = new Map(o.assets.map((a) => [String(a.id), a]))
  let units: RiskUnit[] = []
  const ent = enterpriseSelect(`${t}-enterprise`, o)
  const unit = h('select', { 'data-testid': `${t}-unit_id`, style: inputStyle }) as HTMLSelectElement
  const unitNote = h('div', { class: 'muted', style: 'font-size:12px', 'data-testid': `${t}-units-note` })
  const name = input(`${t}-name`)
  const nameEn = input(`${t}-name_en`)
  const hazard = area(`${t}-hazard`)
  const accident = input(`${t}-accident`)
  const measures = area(`${t}-measures`)
  const asset = h('select', { 'data-testid': `${t}-asset_id`, style: inputStyle }) as HTMLSelectElement
  const lon = input(`${t}-lon`, 'number')
  const lat = input(`${t}-lat`, 'number')
  lon.step = 'any'
  lat.step = 'any'
  const useAsset = () => {
    const p = assetPosition(byId.get(asset.value))
    if (!p) return
    lon.value = String(p[0])
    lat.value = String(p[1])
  }
  const fillAssets = () => {
    const u = units.find((x) => x.id === unit.value)
    asset.replaceChildren(
      h('option', { value: '' }, '—'),
      ...(u?.asset_ids ?? []).map((id) => {
        const a = byId.get(id)
        return h('option', { value: id }, a ? `${id} ${pick(a.properties.name, a.properties.name_en)}` : id)
      }),
    )
  }
  const loadUnits = () => {
    const e = o.ownEnterprise ?? ent.value
    units = []
    unit.replaceChildren()
    fillAssets()
    unitNote.textContent = ''
    if (!e) return
    api.units({ enterprise: e }, dlg.signal).then(
      (list) => {
        units = list
        unit.replaceChildren(
          ...list.map((u) => h('option', { value: u.id }, `${pick(u.name, u.name_en)} · ${u.id}`)),
        )
        unitNote.textContent = list.length ? '' : tx('noUnits')
        fillAssets()
      },
      (err: unknown) => {
        if (!dlg.signal.aborted) ff.show(err, tx('failed'))
      },
    )
  }
  ent.addEventListener('change', loadUnits)
  unit.addEventListener('change', fillAssets)
  asset.addEventListener('change', useAsset)
  loadUnits()
  dlg.body.replaceChildren(
    shell(
      t,
      ff,
      [
        ff.row('enterprise', tx('enterprise'), ent),
        ff.row('unit_id', tx('unit'), unit),
        unitNote,
        ff.row('name', tx('pointName'), name),
        ff.row('name_en', tx('nameEn'), nameEn),
        ff.row('hazard', tx('hazard'), hazard),
        ff.row('accident', tx('accident'), accident),
        ff.row('measures', tx('measures'), measures),
        ff.row(
          'asset_id',
          tx('asset'),
          h(
            'div',
            { style: 'display:flex;gap:6px' },
            asset,
            h(
              'button',
              { type: 'button', 'data-testid': `${t}-use-asset`, onclick: useAsset },
              tx('useAsset'),
            ),
          ),
        ),
        h(
          'div',
          { style: 'display:grid;grid-template-columns:1fr 1fr;gap:6px' },
          ff.row('lon', tx('lon'), lon),
          ff.row('lat', tx('lat'), lat),
        ),
        h('div', { class: 'muted', style: 'font-size:12px' }, tx('locationHint')),
      ],
      async () => {
        const body = bodyOf(
          pointBody({
            unit_id: unit.value,
            name: name.value,
            name_en: nameEn.value,
            hazard: hazard.value,
            accident: accident.value,
            measures: measures.value,
            asset_id: asset.value,
            lon: lon.value,
            lat: lat.value,
          }),
        )
        const created = await api.createPoint(body)
        dlg.close()
        o.onCreated?.(created)
      },
      () => dlg.close(),
    ),
  )
  return dlg
}
