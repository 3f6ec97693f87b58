// Socket.IO room names, one place. Sockets join only after the server authorised them.
export const rooms = {
  positionsPark: 'positions:park',
  positionsEnterprise: (enterpriseId: string) => `positions:ent:${enterpriseId}`,
} as const
