import { aboutCenter } from './about/about.center'
import type { CenterRegistry } from './center'
import { emergencyCenter } from './emergency/emergency.center'
import { environmentCenter } from './environment/environment.center'
import { managementCenter } from './management/management.center'
import { safetyCenter } from './safety/safety.center'

/** The five top-level centers, by route id (scenes/centers.ts). */
export const centers: CenterRegistry = {
  about: aboutCenter,
  emergency: emergencyCenter,
  safety: safetyCenter,
  environment: environmentCenter,
  management: managementCenter,
}
