import {
  canHangUnder,
  orgBodyTypes,
  orgNodeKinds,
  type OrgBodyType,
  type OrgNode,
  type OrgNodeKind,
} from '../../../../server/contracts/organisation'
import type { OrganisationApi } from '../../../api/organisation.api'
import { h } from '../../../core/dom'
import { openDialog } from '../../../shell/dialog'
import { pick } from '../../../shell/i18n/i18n'
import { moveTargets } from './org-layout'
import { bodyTypeName, kindName, tx } from './org-texts'

type DialogApi = Pick<OrganisationApi, 'create' | 'patch' | 'move' | 'remove' | 'history' | 'users'>

const field = (label: string, input: HTMLElement) =>
  h('label', { style: 'display:block;margin:6px 0' }, h('div', { class: 'muted' }, label), input)
const errText = (err: unknown) => `${tx('failed')}: ${err instanceof Error ? err.message : String(err)}`

/**
 * One node of the chart in a dialog: its fields (editable by park admins), adding a body, post or person below it,
 * moving it under another node or to another place among its siblings, removing it, and its edit history.
 */
export function openNodeDialog(
  api: DialogApi,
  node: OrgNode,
  all: readonly OrgNode[],
  opts: { canEdit: boolean; onChanged: () => void },
): void {
  const dlg = openDialog({
    title: `${kindName(node.kind)} · ${pick(node.name, node.name_en)}`,
    testid: 'org-node-dialog',
    width: 'min(720px,94vw)',
  })
  const status = h('div', { class: 'muted', 'data-testid': 'org-node-status' })
  const run = (p: Promise<unknown>, close = true) =>
    p.then(
      () => {
        opts.onChanged()
        if (close) dlg.close()
        else status.textContent = tx('saved')
      },
      (err: unknown) => (status.textContent = errText(err)),
    )
  const input = (name: string, value = '', type = 'text') =>
    h('input', { type, name, value, 'data-testid': `org-${name}`, style: 'width:100%' }) as HTMLInputElement
  const bodyTypeSelect = (name: string, value: OrgBodyType | null) =>
    h(
      'select',
      { name, 'data-testid': `org-${name}` },
      orgBodyTypes.map((t) => h('option', { value: t, selected: t === value }, bodyTypeName(t))),
    ) as HTMLSelectElement

  const history = h('ul', { 'data-testid': 'org-history', class: 'muted' }, h('li', {}, tx('loading')))
  api.history(node.id, dlg.signal).then(
    (rows) =>
      history.replaceChildren(
        ...(rows.length
          ? rows.map((r) =>
              h(
                'li',
                {},
                `${r.at.slice(0, 16).replace('T', ' ')} · ${r.username ?? ''} · ${r.action.replace('org_node.', '')}`,
              ),
            )
          : [h('li', {}, tx('noHistory'))]),
      ),
    () => history.replaceChildren(h('li', {}, tx('unavailable'))),
  )

  if (!opts.canEdit) {
    dlg.body.replaceChildren(
      h(
        'div',
        { 'data-testid': 'org-node-view' },
        h(
          'div',
          {},
          `${tx('kind')}: ${kindName(node.kind)}${node.body_type ? ` · ${bodyTypeName(node.body_type)}` : ''}`,
        ),
        node.phone ? h('div', {}, `${tx('phone')}: ${node.phone}`) : null,
        node.username ? h('div', {}, `${tx('user')}: ${node.username}`) : null,
        node.duties
          ? [
              h('div', { class: 'section-title' }, tx('duties')),
              h('p', { style: 'white-space:pre-wrap' }, node.duties),
            ]
          : null,
        h('div', { class: 'muted' }, tx('readOnly')),
      ),
    )
    return
  }

  // --- edit ---
  const name = input('name', node.name)
  const nameEn = input('name_en', node.name_en ?? '')
  const bodyType = node.kind === 'body' ? bodyTypeSelect('body_type', node.body_type) : null
  const duties = h(
    'textarea',
    { name: 'duties', rows: 4, 'data-testid': 'org-duties', style: 'width:100%' },
    node.duties,
  )
  const phone = node.kind === 'person' ? input('phone', node.phone ?? '') : null
  const user =
    node.kind === 'person'
      ? (h(
          'select',
          { name: 'user_id', 'data-testid': 'org-user_id' },
          h('option', { value: '' }, tx('noUser')),
        ) as HTMLSelectElement)
      : null
  if (user) {
    if (node.user_id)
      user.append(h('option', { value: node.user_id, selected: true }, node.username ?? node.user_id))
    api.users(dlg.signal).then(
      (users) =>
        user.append(
          ...users
            .filter((u) => u.id !== node.user_id)
            .map((u) => h('option', { value: u.id }, `${u.display_name} (${u.username})`)),
        ),
      () => undefined,
    )
  }
  const editForm = h(
    'form',
    {
      'data-testid': 'org-edit-form',
      onsubmit: ((e: Event) => {
        e.preventDefault()
        void run(
          api.patch(node.id, {
            name: name.value,
            name_en: nameEn.value.trim() || null,
            duties: (duties as HTMLTextAreaElement).value,
            ...(bodyType ? { body_type: bodyType.value as OrgBodyType } : {}),
            ...(phone ? { phone: phone.value.trim() || null } : {}),
            ...(user ? { user_id: user.value || null } : {}),
          }),
          false,
        )
      }) as EventListener,
    },
    field(tx('name'), name),
    field(tx('nameEn'), nameEn),
    bodyType && field(tx('bodyType'), bodyType),
    field(tx('duties'), duties),
    phone && field(tx('phone'), phone),
    user && field(tx('user'), user),
    h('button', { type: 'submit', 'data-testid': 'org-save' }, tx('save')),
  )

  // --- add a child ---
  const childKinds = orgNodeKinds.filter((k) => canHangUnder(k, node.kind))
  const childKind = h(
    'select',
    { name: 'child_kind', 'data-testid': 'org-child_kind' },
    childKinds.map((k) => h('option', { value: k }, kindName(k))),
  ) as HTMLSelectElement
  const childType = bodyTypeSelect('child_body_type', 'department')
  const childName = input('child_name')
  const syncType = () => (childType.style.display = childKind.value === 'body' ? '' : 'none')
  childKind.addEventListener('change', syncType)
  syncType()
  const addForm = childKinds.length
    ? h(
        'form',
        {
          'data-testid': 'org-add-form',
          style: 'display:flex;gap:6px;align-items:center;flex-wrap:wrap',
          onsubmit: ((e: Event) => {
            e.preventDefault()
            const kind = childKind.value as OrgNodeKind
            void run(
              api.create({
                parent_id: node.id,
                kind,
                name: childName.value,
                ...(kind === 'body' ? { body_type: childType.value as OrgBodyType } : {}),
              }),
            )
          }) as EventListener,
        },
        childKind,
        childType,
        childName,
        h('button', { type: 'submit', 'data-testid': 'org-add' }, tx('create')),
      )
    : null

  // --- move / reorder ---
  const targets = moveTargets(all, node.id)
  const parent = h(
    'select',
    { name: 'parent', 'data-testid': 'org-move-parent' },
    targets.map((t) =>
      h('option', { value: t.id, selected: t.id === node.parent_id }, `${kindName(t.kind)} · ${t.name}`),
    ),
  ) as HTMLSelectElement
  const position = input('position', String(node.position), 'number')
  position.min = '0'
  const moveForm =
    node.parent_id && targets.length
      ? h(
          'form',
          {
            'data-testid': 'org-move-form',
            style: 'display:flex;gap:6px;align-items:center;flex-wrap:wrap',
            onsubmit: ((e: Event) => {
              e.preventDefault()
              void run(
                api.move(node.id, {
                  parent_id: parent.value,
                  position: Math.max(0, Number(position.value) || 0),
                }),
              )
            }) as EventListener,
          },
          field(tx('parent'), parent),
          field(tx('position'), position),
          h('button', { type: 'submit', 'data-testid': 'org-move' }, tx('move')),
        )
      : null

  const remove = h(
    'button',
    {
      type: 'button',
      'data-testid': 'org-remove',
      onclick: () => {
        if (confirm(tx('confirmRemove'))) void run(api.remove(node.id))
      },
    },
    tx('remove'),
  )

  dlg.body.replaceChildren(
    ...[
      editForm,
      ...(addForm ? [h('div', { class: 'section-title' }, tx('addChild')), addForm] : []),
      ...(moveForm ? [h('div', { class: 'section-title' }, tx('move')), moveForm] : []),
      h('div', { style: 'margin-top:8px' }, remove),
      status,
      h('div', { class: 'section-title' }, tx('history')),
      history,
    ],
  )
}
