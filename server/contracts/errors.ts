import { z } from 'zod'

/** Every non-2xx JSON answer of /api/v1 has this shape. `id` is stable; `message` is for people. */
export const errorBody = z.object({
  error: z.object({
    id: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
})
export type ErrorBody = z.infer<typeof errorBody>
