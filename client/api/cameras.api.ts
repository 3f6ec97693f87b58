import type { Camera, CameraClass, CameraList } from '../../server/contracts/video'
import { request } from './http.client'

export const camerasApi = {
  list: (cameraClass?: CameraClass, signal?: AbortSignal) =>
    request<CameraList>('GET', `/cameras${cameraClass ? `?class=${cameraClass}` : ''}`, { signal }),
  get: (id: string, signal?: AbortSignal) =>
    request<Camera>('GET', `/cameras/${encodeURIComponent(id)}`, { signal }),
  /** park admins; the reason is audited */
  setStream: (id: string, streamUrl: string, reason: string) =>
    request<Camera>('PATCH', `/cameras/${encodeURIComponent(id)}`, {
      body: { stream_url: streamUrl, reason },
    }),
}
export type CamerasApi = typeof camerasApi
