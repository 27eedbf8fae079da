"""API key format: prefix by environment, checksum catches typos before any lookup."""

from pinbridge.services import keys


def test_keys_carry_their_environment_prefix():
    assert keys.generate("sandbox").startswith("pb_test_")
    assert keys.generate("live").startswith("pb_live_")


def test_generated_keys_pass_the_checksum():
    for _ in range(100):
        assert keys.looks_valid(keys.generate("sandbox"))


def test_any_single_character_change_fails_the_checksum():
    raw = keys.generate("live")
    for index in range(8, len(raw)):
        replacement = "A" if raw[index] != "A" else "B"
        assert not keys.looks_valid(raw[:index] + replacement + raw[index + 1 :])


def test_hash_is_stable_and_not_the_key():
    raw = keys.generate("sandbox")
    assert keys.hash_key(raw) == keys.hash_key(raw)
    assert raw not in keys.hash_key(raw)
