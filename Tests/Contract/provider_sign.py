"""Signs provider callbacks the way the providers do, for the channel tests.

    provider_sign.py twilio <url> <auth-token>   < form parameters as a JSON object
    provider_sign.py meta <app-secret>           < raw request body

Twilio's signature comes from Twilio's own library (twilio.request_validator); Meta publishes no library for
X-Hub-Signature-256, which is HMAC-SHA256 of the raw body under the app secret.
"""
import hashlib
import hmac
import json
import sys

from twilio.request_validator import RequestValidator


def main() -> None:
    kind = sys.argv[1]
    if kind == "twilio":
        url, token = sys.argv[2], sys.argv[3]
        params = json.load(sys.stdin)
        validator = RequestValidator(token)
        signature = validator.compute_signature(url, params)
        assert validator.validate(url, params, signature)
        print(signature)
    elif kind == "meta":
        secret = sys.argv[2].encode()
        body = sys.stdin.buffer.read()
        print("sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest())
    else:
        sys.exit(f"unknown provider {kind}")


if __name__ == "__main__":
    main()
