/**
 * Why a positioning-card (定位卡) gateway message, one of its positions, or a gate (卡口) event was refused.
 * Every refusal carries one of these codes; the ingest counts them per code (GET /api/v1/ingest/rejections).
 */
export const cardRejectReasons = [
  /** the MQTT topic is not `<prefix>/v1/cards/<gateway>/data` or `<prefix>/v1/gates/<gate>/events` */
  'bad_topic',
  /** the payload is not UTF-8 JSON */
  'bad_json',
  /** the payload or an item does not have the documented shape */
  'schema',
  /** the payload is larger than allowed, or a batch holds more items than allowed */
  'too_large',
  /** `t` is neither an ISO-8601 instant with a zone nor epoch milliseconds */
  'bad_time',
  /** `t` lies further ahead of the receiving server's clock than the allowed skew */
  'future_time',
  /** `t` is older than the platform accepts */
  'too_old',
  /** lon/lat out of range, not finite, or the 0,0 "no fix" point */
  'bad_position',
  /** battery is not a percentage 0–100 */
  'bad_battery',
  /** no positioning card with that id (server side) */
  'unknown_card',
  /** no park gate asset and no enterprise second gate (二道闸) with that id (server side) */
  'unknown_gate',
  /** HTTP only: no valid bearer token and no park staff session */
  'unauthorized',
] as const
export type CardRejectReason = (typeof cardRejectReasons)[number]

export interface CardRejection {
  reason: CardRejectReason
  /** human-readable, for logs and API answers; never parsed */
  message: string
}

/** A refused item of a batch: its position in the batch. */
export interface CardItemRejection extends CardRejection {
  index: number
}

export const refuseCard = (reason: CardRejectReason, message: string): CardRejection => ({ reason, message })
