// The GB 18218 calculator's request: the values (a negative quantity, a fraction of a person) go to the server so
// that its message is the one shown; a refusal naming the request's item is shown under the form row it came from.
import { describe, expect, it } from 'vitest'
import { calcFormField, calcRequest } from '../../../../client/centers/safety/hazards/hazards-model'

describe('grading calculator request', () => {
  it('sends a negative quantity on for the server to refuse, but not an empty or non-numeric one', () => {
    expect(calcRequest([{ chemical: '二氧化硫', q: '-200' }], '60')).toEqual({
      ok: true,
      body: { items: [{ chemical: '二氧化硫', q_t: -200 }], exposed_people: 60 },
    })
    expect(calcRequest([{ chemical: 'SO2', q: '' }], '60')).toMatchObject({ ok: false, field: 'items.0.q_t' })
    expect(calcRequest([{ chemical: '', q: '' }], '60')).toMatchObject({ ok: false, field: 'items' })
    expect(calcRequest([{ chemical: 'SO2', q: '1' }], 'many')).toMatchObject({
      ok: false,
      field: 'exposed_people',
    })
  })

  it("maps the request's item index back to the form row (empty rows are not sent)", () => {
    const rows = [
      { chemical: '', q: '' },
      { chemical: '氯', q: '3' },
      { chemical: '', q: '' },
      { chemical: '二氧化硫', q: '-1' },
    ]
    expect(calcFormField('items.1.q_t', rows)).toBe('items.3.q_t')
    expect(calcFormField('items.0.chemical', rows)).toBe('items.1.chemical')
    expect(calcFormField('items.7.q_t', rows)).toBe('items.7.q_t')
    expect(calcFormField('exposed_people', rows)).toBe('exposed_people')
  })
})
