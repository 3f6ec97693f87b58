import { createHash } from 'node:crypto'

/**
 * Demo PW of a seeded collector: the first 6 hex digits of md5(MN), exactly as migration 0005 derives it in SQL
 * (`left(md5(mn), 6)`). HJ 212-2017 §6.3 allows 6 characters. A real device's PW is set in hj212_collectors.
 */
export function collectorPassword(mn: string): string {
  return createHash('md5').update(mn, 'utf8').digest('hex').slice(0, 6)
}
