import type { Context } from 'koa'
import type { z } from 'zod'
import { errors } from './errors'

/** Parses with a zod schema; a failure is a 400 naming the first bad field. */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  const field = issue.path.length ? issue.path.join('.') : undefined
  throw errors.validation(field ? `${field}: ${issue.message}` : issue.message, field)
}

const maxBodyBytes = 1024 * 1024

/** Reads a JSON body (limit 1 MiB). */
export async function readJson(ctx: Context): Promise<unknown> {
  if (!ctx.is('application/json')) throw errors.unsupportedMedia()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes)
      throw Object.assign(new Error('request body too large'), { status: 413, expose: true })
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw errors.badJson()
  }
}

export async function parseBody<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.output<S>> {
  return parse(schema, await readJson(ctx))
}
