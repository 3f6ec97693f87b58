import { hash, verify } from '@node-rs/argon2'
import { randomBytes } from 'node:crypto'

// Argon2id, m = 19 MiB, t = 2, p = 1 (OWASP; reliability-security.md "Security controls").
// algorithm 2 = Argon2id (a const enum in the typings, not importable under verbatimModuleSyntax)
const params = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, params)

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** A random password people can type: 16 chars from an unambiguous alphabet. */
export function generatePassword(): string {
  // 56 symbols; 256 % 56 != 0 gives a slight bias, negligible at 16 characters (~93 bits).
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  for (;;) {
    const p = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('')
    if (passwordProblem(p) === null) return p // must pass our own complexity rule
  }
}

/** 等保 2.0 complexity: ≥ 8 chars with at least three of lower, upper, digit, symbol. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'password must have at least 8 characters'
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length
  return classes >= 3 ? null : 'password needs three of: lower case, upper case, digit, symbol'
}
