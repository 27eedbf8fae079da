"""Token encryption: round trip, key rotation, tamper and context binding."""

import pytest

from pinbridge.crypto import TokenCipher
from pinbridge.errors import PinBridgeError
from pinbridge.settings import parse_token_keys


def cipher(*kids: str) -> TokenCipher:
    return TokenCipher(parse_token_keys(",".join(f"{kid}:{TokenCipher.generate_key()}" for kid in kids)))


def test_round_trip_and_key_id_in_ciphertext():
    c = cipher("k1")
    sealed = c.encrypt("secret-token", context="acc_1")
    assert sealed.startswith("v1.k1.") and "secret-token" not in sealed
    assert c.decrypt(sealed, context="acc_1") == "secret-token"


def test_new_key_encrypts_and_old_key_still_decrypts():
    old_key = f"old:{TokenCipher.generate_key()}"
    sealed = TokenCipher(parse_token_keys(old_key)).encrypt("tok", context="acc_1")
    rotated = TokenCipher(parse_token_keys(f"new:{TokenCipher.generate_key()},{old_key}"))
    assert rotated.decrypt(sealed, context="acc_1") == "tok"
    assert rotated.encrypt("tok", context="acc_1").startswith("v1.new.")


def test_ciphertext_moved_to_another_account_does_not_decrypt():
    c = cipher("k1")
    sealed = c.encrypt("tok", context="acc_1")
    with pytest.raises(PinBridgeError) as err:
        c.decrypt(sealed, context="acc_2")
    assert err.value.code == "token_decryption_failed"


def test_tampered_ciphertext_is_rejected():
    c = cipher("k1")
    sealed = c.encrypt("tok", context="acc_1")
    with pytest.raises(PinBridgeError):
        c.decrypt(sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1], context="acc_1")
