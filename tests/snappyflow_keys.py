"""SnappyFlow profile keys, minted for tests so that traces go to a local collector.

A key is base64(IV + AES-CBC(PKCS#7-padded JSON)) under a fixed AES key that
sf-apm-lib carries in its source; the JSON names the trace server and the profile.
"""

import base64
import json
import os

from Crypto.Cipher import AES

SNAPPYFLOW_AES_KEY = b"SnappyFlow123456"


def profile_key(trace_server_url: str, profile_id: str) -> str:
    plain = json.dumps({"profile_id": profile_id, "trace_server_url": trace_server_url}).encode()
    padding = 16 - len(plain) % 16
    iv = os.urandom(16)
    cipher = AES.new(SNAPPYFLOW_AES_KEY, AES.MODE_CBC, iv)
    return base64.b64encode(iv + cipher.encrypt(plain + bytes([padding]) * padding)).decode()
