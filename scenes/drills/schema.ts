// Drill scripts (应急演练脚本): a release at a real asset of the park, the weather, simulated people, a camera
// tour and a timeline of steps. System steps happen at their time; operator steps are actions the operator is
// expected to take by a deadline (expected_by_s), recorded against the script by the drill engine
// (server/modules/drills/drill-engine.ts). Times are seconds of drill time from the start (t = 0).
import { z } from 'zod'

const text = (max: number) => z.string().trim().min(1).max(max)
/** Chinese first, English second. */
export const bilingual = z.strictObject({ zh: text(200), en: text(200) })
const bilingualText = z.strictObject({ zh: text(1000), en: text(1000) })
const lon = z.number().min(-180).max(180)
const lat = z.number().min(-90).max(90)
const seconds = z
  .number()
  .min(0)
  .max(24 * 3600)
const assetId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an asset id')

export const drillStepKinds = [
  'release',
  'detector_alarm',
  'alarm_notify',
  'declare_incident',
  'wind_shift',
  'evacuate',
  'ignition',
  'headcount',
  'end',
] as const
export type DrillStepKind = (typeof drillStepKinds)[number]
/** Steps that only the simulated world produces (never an operator action). */
export const systemOnlyKinds = ['release', 'detector_alarm', 'wind_shift', 'ignition', 'end'] as const
/** What an operator can record against a script (plus free notes). */
export const operatorActionKinds = [
  'alarm_notify',
  'declare_incident',
  'evacuate',
  'headcount',
  'note',
] as const
export type OperatorActionKind = (typeof operatorActionKinds)[number]

export const drillWeather = z.strictObject({
  wind_speed_ms: z.number().min(1, 'at least 1 m/s (calm is not modelled)').max(50),
  wind_from_deg: z.number().min(0).max(360),
  stability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']),
})
export type DrillWeather = z.infer<typeof drillWeather>

/** The release the hazard models compute zones for (POST /api/v1/emergency/zones, asset form). */
export const drillScenario = z
  .strictObject({
    asset_id: assetId,
    chemical_id: z.string().regex(/^[a-z0-9_]{1,64}$/),
    kind: z.enum(['toxic', 'pool_fire', 'vce']),
    rate_gs: z.number().positive().max(1e8).optional(),
    mass_kg: z.number().positive().max(1e8).optional(),
    release_height_m: z.number().min(0).max(500).default(0),
    pool_area_m2: z.number().positive().max(1e6).optional(),
    yield: z.number().gt(0).max(1).optional(),
    weather: drillWeather,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'toxic' && (v.rate_gs === undefined) === (v.mass_kg === undefined))
      ctx.addIssue({ code: 'custom', message: 'a toxic release needs rate_gs or mass_kg', path: ['rate_gs'] })
    if (v.kind === 'vce' && v.mass_kg === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'a VCE needs mass_kg (the flammable cloud)',
        path: ['mass_kg'],
      })
  })
export type DrillScenario = z.infer<typeof drillScenario>

export const participantGroup = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
    label: bilingual,
    enterprise_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    count: z.number().int().min(1).max(500),
    /** where the group works; default the release point */
    around: z.tuple([lon, lat]).optional(),
    /** people are placed at a random distance in [min, max] metres and a random bearing */
    radius_m: z.tuple([z.number().min(0).max(5000), z.number().min(0).max(5000)]),
    /** people of the group who never respond (trapped, unconscious): missing at headcount */
    unresponsive: z.number().int().min(0).default(0),
  })
  .refine((g) => g.radius_m[0] <= g.radius_m[1], { message: 'radius_m: min > max', path: ['radius_m'] })
  .refine((g) => g.unresponsive <= g.count, {
    message: 'more unresponsive than people',
    path: ['unresponsive'],
  })

export const drillParticipants = z.strictObject({
  /** walking speed, m/s (~1.4 for an adult walking briskly) */
  walk_speed_ms: z.number().positive().max(5).default(1.4),
  /** each person starts walking this long after the evacuation order, s (uniform in [min, max]) */
  reaction_s: z.tuple([seconds, seconds]).default([5, 40]),
  /** drill rule: cumulative seconds inside the red zone after which a person counts as a casualty */
  red_exposure_limit_s: z.number().positive().max(3600).default(120),
  groups: z.array(participantGroup).min(1).max(20),
})

export const cameraKeyframe = z.strictObject({
  t_s: seconds,
  lon,
  lat,
  height_m: z.number().min(1).max(100_000),
  heading_deg: z.number().min(0).max(360),
  pitch_deg: z.number().min(-90).max(0),
})
export type CameraKeyframe = z.infer<typeof cameraKeyframe>

const stepBase = {
  at_s: seconds,
  /** operator steps: the deadline of the expected action */
  expected_by_s: seconds.optional(),
  actor: z.enum(['system', 'operator']),
  label: bilingual,
}
const noPayload = z.strictObject({}).default({})
export const drillStep = z.discriminatedUnion('kind', [
  z.strictObject({ ...stepBase, kind: z.literal('release'), payload: noPayload }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('detector_alarm'),
    payload: z.strictObject({
      sensor_id: assetId,
      reading: z.number().optional(),
      unit: text(16).optional(),
    }),
  }),
  z.strictObject({ ...stepBase, kind: z.literal('alarm_notify'), payload: noPayload }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('declare_incident'),
    payload: z.strictObject({ level: text(32).optional() }).default({}),
  }),
  z.strictObject({
    ...stepBase,
    kind: z.literal('wind_shift'),
    payload: z.strictObject({
      wind_from_deg: z.number().min(0).max(360),
      wind_speed_ms: z.number().min(1).max(50).optional(),
      stability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).optional(),
    }),
  }),
  z.strictObject({ ...stepBase, kind: z.literal('evacuate'), payload: noPayload }),
  z.strictObject({ ...stepBase, kind: z.literal('ignition'), payload: noPayload }),
  z.strictObject({ ...stepBase, kind: z.literal('headcount'), payload: noPayload }),
  z.strictObject({ ...stepBase, kind: z.literal('end'), payload: noPayload }),
])
export type DrillStep = z.infer<typeof drillStep>

/** Points of each evaluation category (park-defined defaults; see drill-evaluation.ts). */
export const evaluationWeights = z
  .strictObject({
    warning: z.number().min(0).max(100),
    response: z.number().min(0).max(100),
    evacuation: z.number().min(0).max(100),
    headcount: z.number().min(0).max(100),
  })
  .refine((w) => Math.abs(w.warning + w.response + w.evacuation + w.headcount - 100) < 1e-9, {
    message: 'weights must add up to 100',
  })

export const drillScript = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and -'),
    title: bilingual,
    description: bilingualText.optional(),
    /** seeds the PRNG that places people and draws their reaction times */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    scenario: drillScenario,
    participants: drillParticipants,
    camera: z.array(cameraKeyframe).min(1).max(100),
    steps: z.array(drillStep).min(2).max(200),
    weights: evaluationWeights.optional(),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', message, path })
    s.steps.forEach((st, i) => {
      if (i > 0 && st.at_s < s.steps[i - 1]!.at_s) issue(['steps', i, 'at_s'], 'steps must be in time order')
      if ((systemOnlyKinds as readonly string[]).includes(st.kind) && st.actor !== 'system')
        issue(['steps', i, 'actor'], `${st.kind} is a system step`)
      if (st.actor === 'operator') {
        if (st.expected_by_s === undefined)
          issue(['steps', i, 'expected_by_s'], 'an operator step needs a deadline')
        else if (st.expected_by_s < st.at_s) issue(['steps', i, 'expected_by_s'], 'deadline before the step')
      } else if (st.expected_by_s !== undefined)
        issue(['steps', i, 'expected_by_s'], 'only operator steps have a deadline')
    })
    const count = (k: DrillStepKind) => s.steps.filter((st) => st.kind === k).length
    if (s.steps[0]?.kind !== 'release' || count('release') !== 1)
      issue(['steps', 0, 'kind'], 'the first step is the one release')
    if (s.steps.at(-1)?.kind !== 'end' || count('end') !== 1)
      issue(['steps', s.steps.length - 1, 'kind'], 'the last step is the one end')
    if (count('evacuate') > 1) issue(['steps'], 'at most one evacuate step')
    if (count('ignition') > 0 && s.scenario.kind !== 'vce')
      issue(['steps'], 'ignition belongs to a VCE drill')
    const end = s.steps.at(-1)?.at_s ?? 0
    s.steps.forEach((st, i) => {
      if ((st.expected_by_s ?? 0) > end) issue(['steps', i, 'expected_by_s'], 'deadline after the end')
    })
    s.camera.forEach((k, i) => {
      if (i > 0 && k.t_s <= s.camera[i - 1]!.t_s)
        issue(['camera', i, 't_s'], 'keyframes must be in time order')
    })
  })
export type DrillScript = z.output<typeof drillScript>
export type DrillScriptInput = z.input<typeof drillScript>

/** Length of a drill: the time of its end step, s. */
export const drillDuration = (s: DrillScript) => s.steps.at(-1)!.at_s
