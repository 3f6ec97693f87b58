// Carries out a Plan (jt808.plan.ts) for one message: database work, the answer, then what the
// session learned. The connection owns the socket; handlers only see a Reply.
import {
  AnswerResult,
  RegisterResult,
  type AnswerResultCode,
  type Jt808Message,
  type RegisterResultCode,
} from '../../../sensors/protocols/jt808'
import { systemScope, type Db, type Queryable } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { clearAuthCode, touchTerminal } from '../../modules/tags/terminals.repository'
import type { DeviceAlarms } from './jt808.alarms'
import type { DeviceTimePolicy } from './jt808.device-time'
import { authenticateTerminal, cleanText, newAuthCode, registerTerminal } from './jt808.enrolment'
import { prepareReport, type LocationStore } from './jt808.locations'
import type { Plan } from './jt808.plan'
import type { Jt808Rejections } from './jt808.rejections'
import type { SessionEvent } from './jt808.session'
import type { Jt808Stats } from './jt808.stats'
import type { LivePublisher } from './live-publisher'

export interface HandlerContext {
  db: Db
  log: Logger
  stats: Jt808Stats
  rejections: Jt808Rejections
  publisher: LivePublisher
  /** location reports of all connections, stored by group commit */
  locations: LocationStore
  autoEnrol: boolean
  timePolicy: DeviceTimePolicy
  /** terminal alarm bits (SOS, collision, rollover…) → the alarm module; null: not raised (tests) */
  deviceAlarms: DeviceAlarms | null
  /** server clock, ms */
  now(): number
}

/** Answers to the message being handled (one per part when it arrived split). */
export interface Reply {
  general(result: AnswerResultCode): void
  register(result: RegisterResultCode, authCode: string): void
  serverTime(now: Date): void
  /** whether anything was answered yet */
  readonly sent: boolean
}

export type RunnablePlan = Exclude<Plan, { action: 'reassemble' }>

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`

/** Runs `plan`; throws only when the database fails (the connection decides what to answer). */
export async function runPlan(
  plan: RunnablePlan,
  m: Jt808Message,
  ctx: HandlerContext,
  reply: Reply,
  peer: string,
): Promise<SessionEvent | null> {
  const terminal = m.header.terminal
  const tx = <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => ctx.db.tx(systemScope, fn)
  switch (plan.action) {
    case 'none':
      return null
    case 'answer':
      if (plan.reject)
        ctx.rejections.record({ reason: plan.reject, peer, terminal, detail: `${hex4(m.msgId)} (${m.kind})` })
      reply.general(plan.result)
      return null
    case 'server_time':
      reply.serverTime(new Date(ctx.now()))
      return null
    case 'register': {
      const code = newAuthCode()
      const outcome = await tx((q) => registerTerminal(q, plan.message, code, ctx.autoEnrol))
      if (!outcome.ok) {
        ctx.rejections.record({
          reason: 'unknown_terminal',
          peer,
          terminal,
          detail: `0x8100 result ${outcome.result}`,
        })
        reply.register(outcome.result, '')
        return { type: 'registered', terminal }
      }
      ctx.stats.terminals.registered++
      if (outcome.enrolled) ctx.stats.terminals.enrolled++
      reply.register(RegisterResult.ok, code)
      return { type: 'registered', terminal }
    }
    case 'authenticate': {
      const { authCode, imei, softwareVersion } = plan.message.body
      const props =
        m.header.version === 2019
          ? {
              imei: cleanText(imei),
              software_version: cleanText(softwareVersion),
              protocol_version: m.header.protocolVersion,
            }
          : {}
      const tagId = await tx((q) => authenticateTerminal(q, terminal, authCode, props))
      if (!tagId) {
        ctx.rejections.record({ reason: 'auth_failed', peer, terminal, detail: 'auth code does not match' })
        reply.general(AnswerResult.fail)
        return { type: 'auth_failed', terminal }
      }
      ctx.stats.terminals.authenticated++
      reply.general(AnswerResult.ok)
      return { type: 'authenticated', terminal, tagId }
    }
    case 'locations':
      // connections pipeline reports (submitLocations, then finishLocations once committed); this is the same
      // for one report on its own
      await finishLocations(plan, submitLocations(ctx, plan), ctx, reply)
      return null
    case 'heartbeat':
      await tx((q) => touchTerminal(q, plan.terminal))
      reply.general(AnswerResult.ok)
      return null
    case 'deregister':
      await tx((q) => clearAuthCode(q, plan.terminal))
      ctx.stats.terminals.deregistered++
      reply.general(AnswerResult.ok)
      return { type: 'deregistered', terminal }
  }
}

export type LocationsPlan = Extract<Plan, { action: 'locations' }>

/** Hands the report to the group commit; the promise settles once the transaction holding it committed. */
export function submitLocations(ctx: HandlerContext, plan: LocationsPlan): Promise<true> {
  return ctx.locations.submit(prepareReport(ctx.stats, plan.terminal, plan.tagId, plan.locations))
}

/**
 * After the report's commit: terminal alarm bits are acted on before the answer too (a report answered is a
 * report fully handled), then 0x8001 result 0. Throws when the commit or the alarm module failed.
 */
export async function finishLocations(
  plan: LocationsPlan,
  stored: Promise<true>,
  ctx: HandlerContext,
  reply: Reply,
): Promise<void> {
  await stored
  if (ctx.deviceAlarms) {
    const n = await ctx.deviceAlarms.apply(plan.tagId, plan.terminal, plan.locations, ctx.now())
    ctx.stats.positions.alarmChanges += n
  }
  reply.general(AnswerResult.ok)
}
