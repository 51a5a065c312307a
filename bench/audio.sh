#!/usr/bin/env bash
# Benchmark (c): audio. Starts the app (Release, SQLite, its own data folder) on :5311 and measures
#  1. upload + waveform of a 10-minute 24-bit/48 kHz stereo WAV (the upload answers once the waveform is stored);
#     the app logs how long reading the file (facts and peaks) took, i.e. the time after the upload ended;
#  2. the app's resident memory while a ~1 GB WAV uploads (sampled every 0.1 s; growth over the RSS before);
#  3. the latency of Range requests in the middle of a 500 MB WAV (ROUNDS requests, median and max).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-50}; APP=http://127.0.0.1:5311
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release -nologo -v q src/StudioManager >/dev/null
# env: a variable name with dots (a log category) is not a shell assignment.
env Data__Path="$work/data" Demo__Seed=false Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__StudioManager.Infrastructure.Audio=Information" ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/StudioManager/bin/Release/net10.0/StudioManager.dll --urls "$APP" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do curl -sf "$APP/openapi/v1.json" >/dev/null && break; sleep 1; done
curl -sf "$APP/openapi/v1.json" >/dev/null || { echo "the app did not start:"; cat "$work/app.log"; exit 1; }

json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
curl -sf -X POST "$APP/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1","name":"Bench","studioName":"Bench Studio"}' >/dev/null
token=$(curl -sf -X POST "$APP/api/auth/login" -H 'content-type: application/json' -d '{"email":"bench@example.com","password":"bench-pass-1"}' | json "['accessToken']")
auth="Authorization: Bearer $token"; api="$APP/api/studios/bench-studio"
client=$(curl -sf -X POST "$api/clients" -H "$auth" -H 'content-type: application/json' -d '{"name":"Bench Band"}' | json "['id']")
project=$(curl -sf -X POST "$api/projects" -H "$auth" -H 'content-type: application/json' -d "{\"clientId\":$client,\"name\":\"Bench\"}" | json "['id']")
track=$(curl -sf -X POST "$api/projects/$project/tracks" -H "$auth" -H 'content-type: application/json' -d '{"title":"Long take"}' | json "['id']")

wav() { ffmpeg -v error -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=$1" -ac 2 -c:a pcm_s24le -y "$2"; }
upload() { curl -sf -o "$work/upload.json" -w '%{time_total}' -X PUT "$api/tracks/$track/versions/$1" -H "$auth" -F "file=@$2"; }

echo "== 1. 10-minute 24-bit/48 kHz stereo WAV"
wav 600 "$work/ten.wav"
echo "size: $(stat -c %s "$work/ten.wav") bytes"
total=$(upload demo "$work/ten.wav")
echo "upload + facts + waveform (request time): ${total} s; $(grep -o 'Read Wav audio.*' "$work/app.log" | tail -1)"
curl -sf "$api/tracks/$track/versions/demo/waveform" -H "$auth" | json "['peaks'].__len__()" | sed 's/^/waveform peaks: /'

echo "== 2. memory while uploading ~1 GB"
wav 3700 "$work/big.wav"
echo "size: $(stat -c %s "$work/big.wav") bytes"
rss() { awk '/VmRSS/ {print $2}' "/proc/$app_pid/status"; }
before=$(rss); peak=$before
( while :; do awk '/VmRSS/ {print $2}' "/proc/$app_pid/status"; sleep 0.1; done ) >"$work/rss.txt" &
sampler=$!
total=$(upload master "$work/big.wav")
kill $sampler
peak=$(sort -n "$work/rss.txt" | tail -1)
echo "upload time: ${total} s; RSS before: $((before / 1024)) MB, peak during: $((peak / 1024)) MB, growth: $(((peak - before) / 1024)) MB"
echo "$(grep -o 'Read Wav audio.*' "$work/app.log" | tail -1)"
rm -f "$work/big.wav"

echo "== 3. Range requests in the middle of a 500 MB WAV"
wav 1740 "$work/half.wav"
upload final_mix "$work/half.wav" >/dev/null
size=$(stat -c %s "$work/half.wav"); mid=$((size / 2))
for _ in $(seq 1 "$ROUNDS"); do
  curl -sf -o /dev/null -w '%{time_total}\n' -H "$auth" -r "$mid-$((mid + 65535))" "$api/tracks/$track/versions/final_mix/audio"
done | sort -n >"$work/range.txt"
status=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H "$auth" -r "$mid-$((mid + 65535))" "$api/tracks/$track/versions/final_mix/audio")
echo "answer: $status (status, bytes); $ROUNDS requests of 64 KiB at byte $mid of $size: median $(awk '{a[NR]=$1} END {print a[int((NR+1)/2)]*1000}' "$work/range.txt") ms, max $(tail -1 "$work/range.txt" | awk '{print $1*1000}') ms"
