import { describe, expect, it } from 'vitest'
import {
  generatePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../../../../../server/platform/auth/passwords'

const typeable = /^[ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789]{16}$/

describe('password hashing (Argon2id)', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('Park-Admin-2024')
    // OWASP parameters: m = 19 MiB, t = 2, p = 1
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(stored, 'Park-Admin-2024')).toBe(true)
    expect(await verifyPassword(stored, 'park-admin-2024')).toBe(false)
    expect(await verifyPassword(stored, '')).toBe(false)
  })

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same-Pass-1')).not.toBe(await hashPassword('same-Pass-1'))
  })

  it.each(['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$broken', '$2b$10$abcdefghijklmnopqrstuv'])(
    'answers false (never throws) for the stored value %j',
    async (stored) => {
      expect(await verifyPassword(stored, 'anything')).toBe(false)
    },
  )
})

describe('passwordProblem (等保 2.0 complexity)', () => {
  it.each([
    ['Ab1!', 'at least 8'],
    ['abcdefgh', 'three of'],
    ['abcdefg1', 'three of'],
    ['ABCDEFG!', 'three of'],
    ['12345678!', 'three of'],
  ])('rejects %j', (password, reason) => {
    expect(passwordProblem(password)).toContain(reason)
  })

  it.each(['abcdefG1', 'abcdefg1!', 'ABCDEFG1!', 'Abcdefg!', '密码Abc12345'])('accepts %j', (password) => {
    expect(passwordProblem(password)).toBeNull()
  })
})

describe('generatePassword', () => {
  it('makes 16 characters from the unambiguous alphabet, different each time', () => {
    const many = Array.from({ length: 200 }, generatePassword)
    for (const p of many) expect(p).toMatch(typeable)
    expect(new Set(many).size).toBe(many.length)
  })

  it('uses the whole alphabet', () => {
    const used = new Set(Array.from({ length: 200 }, generatePassword).join(''))
    expect(used.size).toBe(57)
  })

  // The seeded admin gets a generated password (auth.service.ts); it must pass the park's own rule.
  it('makes passwords that pass passwordProblem', () => {
    const failing = Array.from({ length: 500 }, generatePassword).filter((p) => passwordProblem(p) !== null)
    expect(failing).toEqual([])
  })
})
