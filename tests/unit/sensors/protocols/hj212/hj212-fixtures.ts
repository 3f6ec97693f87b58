// Shared frames for the HJ 212 tests. The standard's own example comes first (traccar habit: newest/real
// sample first); the rest are built from literal data segments as a 数采仪 writes them.
import { crcHex } from '../../../../../sensors/protocols/hj212'

/** HJ 212-2017 Appendix C example: CN 1062 set the real-time interval to 30 s. */
export const STANDARD_EXAMPLE =
  '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n'

export const STANDARD_EXAMPLE_SEGMENT =
  'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&'

/** A valid frame around a data segment (length and CRC computed), so a test can corrupt exactly one thing. */
export function frameOf(segment: string): string {
  const length = new TextEncoder().encode(segment).length
  return `##${String(length).padStart(4, '0')}${segment}${crcHex(segment)}\r\n`
}

export const WATER_RTD_SEGMENT =
  'QN=20261128153000123;ST=32;CN=2011;PW=123456;MN=33010000A8900016F0000011;Flag=5;' +
  'CP=&&DataTime=20261128153000;w01018-Rtd=35.2,w01018-Flag=N;w21003-Rtd=1.86,w21003-Flag=N;' +
  'w01001-Rtd=7.21,w01001-Flag=N;w00000-Rtd=12.5,w00000-Flag=N&&'

export const GAS_HOUR_SEGMENT =
  'QN=20261128160012456;ST=31;CN=2061;PW=123456;MN=33010000A8900016F0000021;Flag=4;' +
  'CP=&&DataTime=20261128150000;a21026-Min=10.2,a21026-Avg=15.3,a21026-Max=21.7,a21026-ZsAvg=18.9,' +
  'a21026-Cou=0.412,a21026-Flag=N;a19001-Avg=11.6,a19001-Flag=N;a00000-Avg=8.3,a00000-Cou=29880,a00000-Flag=N&&'
