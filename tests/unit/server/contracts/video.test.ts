import { describe, expect, it } from 'vitest'
import { cameraPatch, streamUrlError, testStreamPath } from '../../../../server/contracts/video'

describe('camera stream URLs', () => {
  it.each([
    testStreamPath,
    '/hls/cam-1/index.m3u8?token=abc',
    'https://nvr.park.example/hls/gate-1/index.m3u8',
    'http://10.2.0.8:8888/cam1/index.m3u8',
    'https://cdn.example/live/cam1',
  ])('accepts %s', (url) => {
    expect(streamUrlError(url)).toBeNull()
  })

  it.each([
    ['rtsp://10.0.0.8:554/ch1', /RTSP.*gateway/],
    ['rtmp://10.0.0.8/live/1', /RTMP/],
    ['/hls/cam-1/index.mp4', /\.m3u8/],
    ['//evil.example/a.m3u8', /single \//],
    ['/hls/../../etc/a.m3u8', /\.\./],
    ['/hls\\a.m3u8', /\\/],
    ['https://u:p@nvr.example/a.m3u8', /password/],
    ['file:///etc/passwd', /http/],
    ['cam1.m3u8', /http\(s\) URL/],
    ['https://nvr.example/a b.m3u8', /whitespace/],
  ])('refuses %s', (url, message) => {
    expect(streamUrlError(url)).toMatch(message)
  })

  it('needs a reason with the change and nothing else', () => {
    expect(cameraPatch.safeParse({ stream_url: testStreamPath, reason: 'ok' }).success).toBe(true)
    expect(cameraPatch.safeParse({ stream_url: testStreamPath }).success).toBe(false)
    expect(cameraPatch.safeParse({ stream_url: testStreamPath, reason: 'ok', name: 'x' }).success).toBe(false)
  })
})
