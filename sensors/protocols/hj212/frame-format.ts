// Frame layout, HJ 212-2017 §6.3: `##` + 4-digit decimal data-segment length (bytes) + data segment +
// 4 hex CRC + CR LF.
export const HEADER_BYTES = 6
export const CRC_CHARS = 4
export const TRAILER_BYTES = 2
/**
 * Largest data segment accepted. 4 decimal digits cannot say more than 9999; the standard's 1024 is common
 * practice and can be enforced per connection with the maxSegmentLength options.
 */
export const MAX_SEGMENT_LENGTH = 9999
/** Data-segment size the split encoder aims for: the 1024 bytes devices and platforms commonly assume. */
export const COMMON_SEGMENT_LENGTH = 1024
export const MAX_FRAME_BYTES = HEADER_BYTES + MAX_SEGMENT_LENGTH + CRC_CHARS + TRAILER_BYTES
