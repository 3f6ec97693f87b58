import type { ErrorBody } from '../../server/contracts'

/** A non-2xx answer of /api/v1, carrying the server's stable error id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  static fromBody(status: number, body: unknown, fallback: string): ApiError {
    if (isErrorBody(body)) return new ApiError(status, body.error.id, body.error.message, body.error.field)
    return new ApiError(status, status === 0 ? 'network' : `http.${status}`, fallback)
  }
}

export function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false
  const error = (body as { error: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { id?: unknown }).id === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}
