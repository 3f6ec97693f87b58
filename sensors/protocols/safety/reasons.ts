/**
 * Why a safety-sensor message or one of its readings was refused. Every refusal carries one of these codes;
 * the ingest counts them per code (GET /api/v1/ingest/rejections).
 */
export const safetyRejectReasons = [
  /** the MQTT topic does not follow `<prefix>/v1/{sensors|gateways}/<id>/data` */
  'bad_topic',
  /** the payload is not UTF-8 JSON */
  'bad_json',
  /** the payload or a reading does not have the documented shape */
  'schema',
  /** the payload is larger than allowed, or a batch holds more readings than allowed */
  'too_large',
  /** `t` is neither an ISO-8601 instant with a zone nor epoch milliseconds */
  'bad_time',
  /** `v` is not a finite number, or is null on a reading flagged N */
  'bad_value',
  /** `t` lies further ahead of the receiving server's clock than the allowed skew */
  'future_time',
  /** `t` is older than the platform accepts */
  'too_old',
  /** no sensor with that id in the registry */
  'unknown_sensor',
  /** the sensor exists but is not a safety sensor (HJ 212 channels arrive over HJ 212 only) */
  'wrong_kind',
  /** HTTP only: no valid bearer token and no park staff session */
  'unauthorized',
] as const
export type SafetyRejectReason = (typeof safetyRejectReasons)[number]

export interface SafetyRejection {
  reason: SafetyRejectReason
  /** human-readable, for logs and API answers; never parsed */
  message: string
}

/** A refused reading of a batch: its position in the batch. */
export interface ItemRejection extends SafetyRejection {
  index: number
}

export const refuse = (reason: SafetyRejectReason, message: string): SafetyRejection => ({ reason, message })
