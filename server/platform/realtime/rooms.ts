// Socket.IO room names, one place. Sockets join only after the server authorised them.
export const rooms = {
  positionsPark: 'positions:park',
  positionsEnterprise: (enterpriseId: string) => `positions:ent:${enterpriseId}`,
  /** park roles (park_admin, operator, screen): every alarm */
  alarmsPark: 'alarms:park',
  /** an enterprise's users: that enterprise's alarms only */
  alarmsEnterprise: (enterpriseId: string) => `alarms:ent:${enterpriseId}`,
  /** park roles: every gate event (park gates and second gates) */
  gatesPark: 'gates:park',
  /** an enterprise's users: its own second gates' (二道闸) events only */
  gatesEnterprise: (enterpriseId: string) => `gates:ent:${enterpriseId}`,
} as const
