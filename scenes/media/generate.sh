#!/usr/bin/env bash
# Regenerates the demo's committed media with ffmpeg (Debian: apt-get install ffmpeg fonts-noto-cjk
# fonts-dejavu-core). The product never runs this: it serves the files as they are committed.
#
#   test-pattern/index.m3u8, init.mp4, seg000..002.m4s
#       6 s of testsrc2, 640x360 25 fps, H.264 Constrained Baseline 3.0 in fragmented MP4 (CMAF-style: hls.js
#       appends it without transmuxing, Safari plays it natively), 2 s segments (one IDR each), no audio; every
#       demo camera plays it (server/modules/video loops it as a live stream)
#   gate-photos/plate-hazmat.jpg, plate-blue.jpg   plate-recognition snapshots (卡口抓拍) of the demo gate events
#
# Everything together stays well under 1 MiB (checked at the end).
set -euo pipefail
cd "$(dirname "$0")"

cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
mono=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf
for f in "$cjk" "$mono"; do
  [ -f "$f" ] || { echo "missing font $f (apt-get install fonts-noto-cjk fonts-dejavu-core)" >&2; exit 1; }
done
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# --- the test stream --------------------------------------------------------------------------------------
rm -rf test-pattern && mkdir test-pattern
banner="drawbox=x=0:y=0:w=iw:h=36:color=black@0.55:t=fill"
title="drawtext=fontfile=${cjk}:text='ChemPark Twin  测试视频 TEST STREAM':x=12:y=7:fontsize=19:fontcolor=white"
clock="drawtext=fontfile=${mono}:text='%{pts\:hms}':x=w-tw-12:y=8:fontsize=19:fontcolor=0x7ee8fa"
# -g/-keyint_min/-sc_threshold: an IDR exactly every 2 s, so every segment starts with one (hls.js, Safari)
ff -f lavfi -i "testsrc2=size=640x360:rate=25:duration=6" \
  -vf "${banner},${title},${clock}" \
  -c:v libx264 -profile:v baseline -level:v 3.0 -pix_fmt yuv420p -preset veryslow \
  -b:v 220k -maxrate 280k -bufsize 560k -g 50 -keyint_min 50 -sc_threshold 0 -an \
  -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
  -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
  -hls_segment_filename 'test-pattern/seg%03d.m4s' test-pattern/index.m3u8

# --- gate snapshots ---------------------------------------------------------------------------------------
# A vehicle front at a barrier lane seen from the gate camera: road, lane marks, cab, windscreen, plate with
# the recognition frame, and the camera's caption bars.
mkdir -p gate-photos
snapshot() { # out, plate text, plate colour, plate text colour, cab colour, caption, extra filters
  local out=$1 plate=$2 plateColour=$3 plateText=$4 cab=$5 caption=$6 extra=${7:-}
  ff -f lavfi -i "color=c=0x4a4f55:s=960x540" -frames:v 1 -vf "\
drawbox=x=0:y=0:w=iw:h=170:color=0x8fa3b5:t=fill,\
drawbox=x=150:y=170:w=8:h=370:color=0xe8e8e8:t=fill,drawbox=x=802:y=170:w=8:h=370:color=0xe8e8e8:t=fill,\
drawbox=x=470:y=470:w=20:h=70:color=0xe0c040:t=fill,\
drawbox=x=300:y=120:w=360:h=330:color=${cab}:t=fill,\
drawbox=x=330:y=150:w=300:h=120:color=0x1c2633:t=fill,\
drawbox=x=300:y=300:w=60:h=40:color=0xfff6c0:t=fill,drawbox=x=600:y=300:w=60:h=40:color=0xfff6c0:t=fill,\
drawbox=x=280:y=440:w=400:h=22:color=0x2a2a2a:t=fill,\
drawbox=x=400:y=372:w=160:h=50:color=${plateColour}:t=fill,\
drawtext=fontfile=${cjk}:text='${plate}':x=480-tw/2:y=378:fontsize=30:fontcolor=${plateText},\
drawbox=x=392:y=364:w=176:h=66:color=0x00ff66:t=3,\
${extra}\
drawbox=x=0:y=0:w=iw:h=40:color=black@0.6:t=fill,\
drawtext=fontfile=${cjk}:text='${caption}':x=14:y=8:fontsize=22:fontcolor=white,\
drawbox=x=0:y=ih-36:w=iw:h=36:color=black@0.6:t=fill,\
drawtext=fontfile=${cjk}:text='示例抓拍 SAMPLE SNAPSHOT · ChemPark Twin':x=14:y=h-29:fontsize=19:fontcolor=0xffd666,\
drawtext=fontfile=${cjk}:text='识别 ${plate}':x=w-tw-14:y=h-29:fontsize=19:fontcolor=0x7cff9e" \
    -q:v 5 "gate-photos/${out}"
}
# hazmat tanker: yellow plate and the 危险 roof sign
snapshot plate-hazmat.jpg '苏F·D8721' 0xf2c200 black 0xd8dde2 '卡口抓拍  车道 1  入园' \
  "drawbox=x=430:y=96:w=100:h=30:color=0xf2c200:t=fill,drawtext=fontfile=${cjk}:text='危 险':x=480-tw/2:y=97:fontsize=22:fontcolor=black,"
snapshot plate-blue.jpg '苏F·3K609' 0x1f4fd1 white 0x9db3c9 '卡口抓拍  车道 2  入园'

total=$(du -cb test-pattern gate-photos | tail -1 | cut -f1)
echo "media: ${total} bytes"
[ "$total" -lt 1048576 ] || { echo "media over 1 MiB" >&2; exit 1; }
