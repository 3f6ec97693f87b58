// 统一社会信用代码 (GB 32100-2015): registration authority (1) + entity type (1) + county code (6)
// + organisation code (9, GB 11714 with its own check digit) + check character (1).
import type { Rng } from './prng'

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]
/** 如皋市, Nantong: a real county code so the code is format-valid; the companies are fictional */
export const parkCountyCode = '320682'

function orgCheckDigit(body: string): string {
  const sum = [...body].reduce((acc, ch, i) => acc + parseInt(ch, 36) * orgWeights[i]!, 0)
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

function creditCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + creditAlphabet.indexOf(ch) * creditWeights[i]!, 0)
  return creditAlphabet[(31 - (sum % 31)) % 31]!
}

export function creditCodeIsValid(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  const org = code.slice(8, 17)
  return orgCheckDigit(org.slice(0, 8)) === org[8] && creditCheckChar(code.slice(0, 17)) === code[17]
}

/** a fictional, format-valid code of a company registered with market regulation (9) as an enterprise (1) */
export function makeCreditCode(rng: Rng): string {
  // new-style organisation codes start MA; the rest avoids letters GB 32100 leaves out (I O S V Z)
  const body = 'MA' + Array.from({ length: 6 }, () => rng.pick([...creditAlphabet])).join('')
  const first17 = '91' + parkCountyCode + body + orgCheckDigit(body)
  return first17 + creditCheckChar(first17)
}
