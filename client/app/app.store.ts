import type { AssetDetail, Me } from '../../server/contracts'
import { centerScene, type CenterId, type TwinLayerId } from '../../scenes/centers'
import { createStore, type Store } from '../core/store'
import type { Locale } from '../shell/i18n/i18n'
import type { Selection } from '../twin/pick-id'
import type { ParkData } from './park-data'

export interface AppState {
  me: Me | null
  center: CenterId
  locale: Locale
  data: ParkData | null
  dataError: string | null
  /** twin layers shown: the center's preset until the user toggles one */
  visible: ReadonlySet<TwinLayerId>
  selected: Selection | null
  /** GET /assets/:id of the selected asset */
  detail: DetailState | null
  /** every twin layer loaded and a frame rendered after that */
  ready: boolean
  layersReady: readonly string[]
}

export interface DetailState {
  id: string
  status: 'loading' | 'ok' | 'missing' | 'error'
  value: AssetDetail | null
}

export type AppStore = Store<AppState>

export function createAppStore(center: CenterId, locale: Locale): AppStore {
  return createStore<AppState>({
    me: null,
    center,
    locale,
    data: null,
    dataError: null,
    visible: new Set(centerScene(center).layers),
    selected: null,
    detail: null,
    ready: false,
    layersReady: [],
  })
}
