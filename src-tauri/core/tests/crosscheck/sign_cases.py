"""Signs deterministic cases with the reference `standardwebhooks` library.

Prints one JSON object per line: {secret, id, timestamp, body_b64, signature_header}.
tests/crosscheck.rs verifies each with Hookscope and compares Hookscope's own
signature with `signature_header`. Exit status 3 means the library is missing.
"""

import base64
import json
import random
import sys
from datetime import datetime, timezone

try:
    from standardwebhooks import Webhook
except ImportError:
    print("the standardwebhooks package is not installed in this Python", file=sys.stderr)
    sys.exit(3)

CASES = 50
KEY_LENGTHS = [16, 17, 24, 32, 33, 48, 64, 100]
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
TEXT_PIECES = ["hello", "é", "Zoë", "日本語", "😀", "\n", "\r\n", " ", "\t", "\"quoted\"", "\\", "ünïcödé", "null"]


def body(rng: random.Random, i: int) -> str:
    kind = i % 5
    if kind == 0:
        doc = {"type": "verification.completed", "n": rng.randint(0, 10**12), "name": rng.choice(TEXT_PIECES)}
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    if kind == 1:
        doc = {"id": rng.randint(0, 999), "items": [rng.choice(TEXT_PIECES) for _ in range(rng.randint(0, 6))]}
        return json.dumps(doc, indent=rng.choice([2, 4]))
    if kind == 2:
        return "".join(rng.choice(TEXT_PIECES) for _ in range(rng.randint(1, 40)))
    if kind == 3:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1000, 20000)))
    return json.dumps({"text": "".join(rng.choice(TEXT_PIECES) for _ in range(8))}) + "\n"


def main() -> None:
    rng = random.Random(20240529)
    for i in range(CASES):
        key = bytes(rng.getrandbits(8) for _ in range(KEY_LENGTHS[i % len(KEY_LENGTHS)]))
        encoded = base64.b64encode(key).decode()
        secret = ("whsec_" + encoded) if i % 3 else encoded
        msg_id = "msg_" + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(10, 32)))
        timestamp = rng.randint(1_000_000_000, 2_000_000_000)
        payload = body(rng, i)
        signature = Webhook(secret).sign(msg_id, datetime.fromtimestamp(timestamp, tz=timezone.utc), payload)
        print(json.dumps({
            "secret": secret,
            "id": msg_id,
            "timestamp": timestamp,
            "body_b64": base64.b64encode(payload.encode()).decode(),
            "signature_header": signature,
        }))


if __name__ == "__main__":
    main()
