import { z } from 'zod'
import { role } from './auth'

export const createUserBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (max 64)'),
    display_name: z.string().trim().min(1).max(64),
    role,
    enterprise_id: z.string().max(32).nullable().default(null),
    password: z.string().min(8).max(256),
  })
  .refine((u) => (u.role === 'enterprise_user') === (u.enterprise_id !== null), {
    message: 'enterprise_id is required for enterprise_user and only for it',
    path: ['enterprise_id'],
  })
export type CreateUserBody = z.infer<typeof createUserBody>
