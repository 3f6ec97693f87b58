/**
 * Device text made safe to store and log: control characters (NUL is refused by PostgreSQL text) become
 * `\xNN`, and the result is cut to `max` characters with an ellipsis.
 */
export function printable(text: string, max: number): string {
  const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const escaped = text.replace(/[\x00-\x1f\x7f]/g, hex)
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped
}
