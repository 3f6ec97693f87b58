/** A database error that says "try again later": connection lost, server shutting down, overloaded. */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  const code = e?.code ?? ''
  return (
    code.startsWith('08') || // connection exception
    code.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
    code === '53300' || // too many connections
    code === '40001' || // serialization failure
    code === '40P01' || // deadlock
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(e?.message ?? '')
  )
}
