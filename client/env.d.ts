/// <reference types="vite/client" />

/** Replaced at build time by vite.config.ts `define`: where Cesium's Workers/Assets are served. */
declare const CESIUM_BASE_URL: string

interface Window {
  /** read by Cesium's buildModuleUrl */
  CESIUM_BASE_URL?: string
}
