import type { AssetCollection, AssetDetail, AssetQuery } from '../../contracts'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { assetDetail, listAssets } from './assets.repository'

export class AssetsService {
  constructor(private readonly db: Db) {}

  list(scope: DbScope, query: AssetQuery): Promise<AssetCollection> {
    return this.db.tx(scope, (q) => listAssets(q, query))
  }

  async get(scope: DbScope, id: string): Promise<AssetDetail> {
    const detail = await this.db.tx(scope, (q) => assetDetail(q, id))
    // RLS hides other enterprises' assets: to their users they do not exist (404, not 403)
    if (!detail) throw errors.notFound('asset', id)
    return detail
  }
}
