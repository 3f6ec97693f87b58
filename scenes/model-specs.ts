// Sizes of the glTF models written by scenes/build-models.ts (client/public/models/*.glb), free of
// three.js and Node imports so the client can read them too.
//
// Placing a model in Cesium (default Model upAxis Y / forwardAxis Z): Cesium's axis correction sends
// a glTF point (x, y, z) to local east-north-up (z, x, y). So, in local ENU terms,
//   modelMatrix = Transforms.headingPitchRollToFixedFrame(position, new HeadingPitchRoll(heading, 0, 0))
//                 × Matrix4.fromScale(new Cartesian3(eastScale, northScale, upScale))
// with, per model:
//   tank-vertical    heading 0,                    scale (diameter_m, diameter_m, height_m)
//   tank-spherical   heading 0,                    scale (diameter_m, diameter_m, diameter_m)
//   tank-horizontal  heading toRadians(axis_deg),  scale (diameter_m, height_m /* length */, diameter_m)
//   gas-detector     heading as wanted,            scale 1 (true size; housing faces east at heading 0)
// Checked against @cesium/engine 1.140's Axis matrices: the horizontal tank's axis then lies on the
// bearing axis_deg clockwise from north.

/**
 * Vertical (dome-roof) tank: shell diameter 1 and shell height 1, base at y = 0, axis on x = z = 0.
 * The dome rises `roofRise` above the shell (it scales with height), stair and rails reach
 * `outerRadius`.
 */
export const VERTICAL_TANK = { shellDiameter: 1, shellHeight: 1, roofRise: 0.06, outerRadius: 0.565 } as const

/**
 * Spherical tank (球罐): sphere of diameter 1 on x = z = 0, bottom at y = `shellBottomY`, top at
 * `heightRatio` (overall height / diameter); the top platform rail adds `railRise`, the access stair's
 * foot reaches x = `stairFootX`.
 */
export const SPHERICAL_TANK = {
  shellDiameter: 1,
  shellBottomY: 0.15,
  heightRatio: 1.15,
  railRise: 0.04,
  stairFootX: 0.9,
  legCount: 8,
} as const

/**
 * Horizontal tank (卧罐), axis along glTF +X: overall length 1 with heads (x = −0.5…0.5), diameter 1
 * (z = −0.5…0.5), shell bottom at y = `shellBottomY` on two saddles, top at y = `heightRatio`. X scales
 * by length, Y and Z by diameter; ellipsoidal heads `headDepth` of the length deep read as 2:1 heads
 * (D/4) at the usual length/diameter of 3–4.
 */
export const HORIZONTAL_TANK = {
  shellLength: 1,
  shellDiameter: 1,
  shellBottomY: 0.2,
  heightRatio: 1.2,
  headDepth: 0.08,
  /** saddle centres at ±saddleX (about 0.2 L from each end, the usual placement) */
  saddleX: 0.3,
} as const

/** Gas detector on a post, true size in metres; base at y = 0, post on x = z = 0, housing towards +Z. */
export const GAS_DETECTOR = { heightM: 1.5, footprintM: 0.3 } as const

/** File names under client/public/models/ (served at /models/<file>). */
export const modelFiles = {
  vertical: 'tank-vertical.glb',
  spherical: 'tank-spherical.glb',
  horizontal: 'tank-horizontal.glb',
  gasDetector: 'gas-detector.glb',
} as const
