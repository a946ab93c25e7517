"""Make the sample case's audio clip from its own transcript: the first lines of the call read by eSpeak NG's
Mandarin voice (the agent a higher voice, the customer a lower one), joined with short pauses and encoded
as Ogg Vorbis with a fixed stream serial number, so the same tools make the same bytes.

    apt-get install espeak-ng vorbis-tools      # eSpeak NG 1.51 and oggenc 1.4.2 on Debian 12 made the committed clip
    python scripts/make_case_audio.py           # writes curriculum/cases/foundation/refund-third-call.ogg
    python scripts/make_case_audio.py --check   # exit 1 when the committed clip differs from a fresh one

Only the project's sample uses this; trainers put their own (anonymised) recordings beside a case.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "curriculum" / "cases" / "foundation" / "refund-third-call.md"
CLIP = CASE.with_suffix(".ogg")
LINES = 3  # the opening of the call: about 30 seconds
VOICES = {"坐席": ["-v", "cmn+f2", "-p", "60", "-s", "210"], "客户": ["-v", "cmn+m3", "-p", "35", "-s", "220"]}
PAUSE = 0.4  # seconds between turns
SERIAL = "2107"


def transcript_lines(case: Path, count: int) -> list[tuple[str, str]]:
    """(speaker, words) of the first lines of the case's pasted transcript."""
    lines, inside = [], False
    for raw in case.read_text(encoding="utf-8").splitlines():
        if raw.startswith("transcript:"):
            inside = True
            continue
        if inside and not raw.startswith("  "):
            break
        if inside:
            time_and_speaker, _, words = raw.strip().partition("：")
            lines.append((time_and_speaker.split()[-1], words))
    return lines[:count]


def speak(speaker: str, words: str, folder: Path, index: int) -> Path:
    target = folder / f"{index:02d}.wav"
    subprocess.run(["espeak-ng", *VOICES[speaker], "-w", str(target), words], check=True)
    return target


def join(parts: list[Path], target: Path) -> None:
    with wave.open(str(parts[0])) as first:
        params = first.getparams()
    silence = b"\0" * int(params.framerate * PAUSE) * params.sampwidth * params.nchannels
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        for part in parts:
            with wave.open(str(part)) as clip:
                out.writeframes(clip.readframes(clip.getnframes()))
            out.writeframes(silence)


def make_clip() -> bytes:
    for tool in ("espeak-ng", "oggenc"):
        if shutil.which(tool) is None:
            sys.exit(f"需要 {tool}：apt-get install espeak-ng vorbis-tools")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        parts = [speak(speaker, words, folder, index) for index, (speaker, words) in enumerate(transcript_lines(CASE, LINES))]
        joined, encoded = folder / "call.wav", folder / "call.ogg"
        join(parts, joined)
        subprocess.run(["oggenc", "--quiet", "-q", "0", "--resample", "16000", "--serial", SERIAL, "--discard-comments",
                        "-o", str(encoded), str(joined)], check=True)
        return encoded.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed clip instead of writing it")
    args = parser.parse_args()
    clip = make_clip()
    if args.check:
        same = CLIP.exists() and CLIP.read_bytes() == clip
        print("与提交的音频一致。" if same else "提交的音频与重新生成的不同。")
        return 0 if same else 1
    CLIP.write_bytes(clip)
    print(f"{CLIP.relative_to(ROOT)}：{len(clip) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
