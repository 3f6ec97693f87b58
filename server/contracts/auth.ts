import { z } from 'zod'

export const roles = ['park_admin', 'operator', 'enterprise_user', 'screen'] as const
export const role = z.enum(roles)
export type Role = z.infer<typeof role>

export const loginBody = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(256),
})
export type LoginBody = z.infer<typeof loginBody>

export const me = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role,
  enterprise_id: z.string().nullable(),
})
export type Me = z.infer<typeof me>

export const health = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  bus: z.enum(['ok', 'down']),
  db_kind: z.enum(['postgres', 'pglite']),
  bus_kind: z.enum(['redis', 'memory']),
  version: z.string(),
})
export type Health = z.infer<typeof health>
