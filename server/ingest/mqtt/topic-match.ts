/** MQTT topic filter matching (`+` one level, `#` the rest), for routing messages to their handler. */
export function topicMatches(filter: string, topic: string): boolean {
  // a shared subscription's filter is the part after `$share/<group>/`
  const f = filter.startsWith('$share/') ? filter.split('/').slice(2) : filter.split('/')
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false
  }
  return f.length === t.length
}
