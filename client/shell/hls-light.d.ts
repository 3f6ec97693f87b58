// hls.js ships no typings for its light build (no alternate audio, subtitles, DRM or CMCD: a camera needs
// none); its API is the full build's.
declare module 'hls.js/light' {
  export * from 'hls.js'
  export { default } from 'hls.js'
}
