import { cpSync, createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

const repoRoot = fileURLToPath(new URL('.', import.meta.url))
const cesiumBuild = join(repoRoot, 'node_modules/cesium/Build/Cesium')
/** Cesium's static runtime (web workers, textures, third-party wasm, widget CSS) is served from here. */
const CESIUM_BASE_URL = '/cesium/'
const cesiumDirs = ['Workers', 'Assets', 'ThirdParty', 'Widgets'] as const
/** where `vite dev` proxies /api and /socket.io (the server's PORT 8080 unless CPT_API says otherwise) */
const api = process.env.CPT_API ?? 'http://127.0.0.1:8080'

const mimeTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
}

/**
 * Cesium fully offline without a plugin package: copy its runtime folders into the build under
 * `cesium/`, and serve the same folders from node_modules during `vite dev`.
 */
function cesiumStatic(): Plugin {
  let outDir = ''
  return {
    name: 'chempark:cesium-static',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    configureServer(server) {
      server.middlewares.use(CESIUM_BASE_URL, (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
        const file = normalize(join(cesiumBuild, rel))
        if (!file.startsWith(cesiumBuild + sep) || !existsSync(file) || !statSync(file).isFile())
          return next()
        res.setHeader('Content-Type', mimeTypes[extname(file)] ?? 'application/octet-stream')
        res.setHeader('Cache-Control', 'max-age=3600')
        createReadStream(file).pipe(res)
      })
    },
    writeBundle() {
      for (const dir of cesiumDirs) {
        cpSync(join(cesiumBuild, dir), join(outDir, 'cesium', dir), { recursive: true })
      }
    },
  }
}

export default defineConfig({
  root: join(repoRoot, 'client'),
  publicDir: join(repoRoot, 'client/public'),
  define: { CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_URL) },
  plugins: [cesiumStatic()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      // not bare '/api': the client's own modules live in client/api/
      '/api/v1': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
  build: {
    outDir: join(repoRoot, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Cesium alone is several MB of minified JS; it lives in its own chunk.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Vite's module-preload helper on its own: left alone it lands in whichever group first uses it,
            // and the deck.gl chunk would then be preloaded by every page
            { name: 'preload-helper', test: /vite[\\/]preload-helper/, priority: 30 },
            { name: 'cesium', test: /node_modules[\\/](cesium|@cesium)[\\/]/, priority: 20 },
            // deck.gl and its WebGL stack load only with the analysis view (a dynamic import)
            {
              name: 'deckgl',
              test: /node_modules[\\/](deck\.gl|@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl)[\\/]/,
              priority: 15,
            },
            // hls.js loads only when a camera is opened (client/shell/hls-player.ts)
            { name: 'hls', test: /node_modules[\\/]hls\.js[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
})
