"""pbkdf2_sha512 hashes must be interchangeable with passlib's (what Flectra stores)."""
import base64
import hashlib

import pytest

from fazhi.tools import password as pw

# Published in passlib's own test suite (passlib/tests/test_handlers.py, pbkdf2_sha512_test).
PASSLIB_VECTORS = [
    ("password",
     "$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa1"
     "7k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww"),
    ("\u0399\u03c9\u03b1\u03bd\u03bd\u03b7\u03c2",
     "$pbkdf2-sha512$1212$KkbvoKGsAIcF8IslDR6skQ$8be/PRmd88Ps8fmPowCJt"
     "tH9G3vgxpG.Krjt3KT.NP6cKJ0V4Prarqf.HBwz0dCkJ6xgWnSj2ynXSV7MlvMa8Q"),
]


@pytest.fixture(autouse=True)
def _no_env_rounds(monkeypatch):
    monkeypatch.delenv("FAZHI_PASSWORD_ROUNDS", raising=False)


def _by_hand(password: bytes, salt: bytes, rounds: int) -> str:
    """The passlib definition, spelled out independently of the module under test."""
    def ab64(data):
        return base64.b64encode(data).decode().rstrip("=").replace("+", ".")
    dk = hashlib.pbkdf2_hmac("sha512", password, salt, rounds, 64)
    return "$pbkdf2-sha512$%d$%s$%s" % (rounds, ab64(salt), ab64(dk))


def test_format_matches_passlib_definition_byte_for_byte(monkeypatch):
    """A hash of a known salt is exactly the string passlib's algorithm defines."""
    salt = bytes(range(0xF0, 0x100))  # 16 bytes whose base64 contains '+' and '/'
    monkeypatch.setattr(pw.secrets, "token_bytes", lambda n: salt[:n])
    result = pw.hash_password("correct horse", rounds=1000)
    assert result == _by_hand(b"correct horse", salt, 1000)
    assert result == (
        "$pbkdf2-sha512$1000$8PHy8/T19vf4.fr7/P3./w$xqu1f3FSdHbs02z9AocIk0UpBf6S9uqlRTfcS56zkPq"
        "TxPMhm.kj4D.e8E9DRlH/uXf/Pe1g59vHIM0MwcvtiA")
    assert "=" not in result and "+" not in result
    assert len(result.split("$")[4]) == 86  # 64 bytes in unpadded base64


@pytest.mark.parametrize("password,hashed", PASSLIB_VECTORS)
def test_passlib_hashes_verify(password, hashed):
    """Hashes written by passlib (as Flectra stores them) verify."""
    assert pw.verify_password(password, hashed)
    assert not pw.verify_password(password + "x", hashed)


def test_roundtrip_and_random_salt():
    """Each hash gets its own salt; both verify the password and nothing else."""
    a = pw.hash_password("s3cret", rounds=1000)
    b = pw.hash_password("s3cret", rounds=1000)
    assert a != b
    for h in (a, b):
        assert pw.verify_password("s3cret", h)
        assert not pw.verify_password("S3cret", h)
        assert not pw.verify_password("", h)


def test_unicode_and_empty_password():
    """Passwords are UTF-8 encoded; the empty password is a password like any other."""
    h = pw.hash_password("司法局-密码", rounds=1000)
    assert pw.verify_password("司法局-密码", h)
    e = pw.hash_password("", rounds=1000)
    assert pw.verify_password("", e)
    assert not pw.verify_password(" ", e)


def test_any_rounds_accepted_on_verify():
    """Verification uses the rounds stored in the hash, not the current default."""
    h = pw.hash_password("x", rounds=1)
    assert h.startswith("$pbkdf2-sha512$1$")
    assert pw.verify_password("x", h)


@pytest.mark.parametrize("bad", [
    None, 42, "", "plaintext-password", "password",
    # other schemes
    "$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
    "$2b$12$abcdefghijklmnopqrstuuJvJyU4b8C5H.3x0Qj6d9Vf7lq6O6vW",
    # malformed variants of a valid hash (passlib's known_malformed_hashes style)
    PASSLIB_VECTORS[0][1].replace("$1212$", "$01212$"),
    PASSLIB_VECTORS[0][1].replace("$1212$", "$$"),
    PASSLIB_VECTORS[0][1].replace("$1212$", "$0$"),
    PASSLIB_VECTORS[0][1] + "$",
    PASSLIB_VECTORS[0][1][:-2],            # checksum too short
    PASSLIB_VECTORS[0][1].replace("RHY0", "RH!0"),
    PASSLIB_VECTORS[0][1].replace("$pbkdf2-sha512$", "$pbkdf2-SHA512$"),
    "$pbkdf2-sha512$99999999999$RHY0Fr3IDMSVO/RSZyb5ow$" + "A" * 86,
])
def test_malformed_or_foreign_hash_never_verifies(bad):
    """Anything but a well-formed pbkdf2_sha512 string is rejected, never an exception."""
    assert pw.verify_password("password", bad) is False
    assert pw.needs_rehash(bad) is True


def test_non_str_password_rejected():
    with pytest.raises(TypeError):
        pw.hash_password(b"bytes")
    assert pw.verify_password(b"password", PASSLIB_VECTORS[0][1]) is False


def test_needs_rehash_by_rounds():
    """Fewer rounds than the policy asks for → rehash; same or more → keep."""
    h = pw.hash_password("x", rounds=1000)
    assert pw.needs_rehash(h, rounds=2000)
    assert not pw.needs_rehash(h, rounds=1000)
    assert not pw.needs_rehash(h, rounds=500)
    assert pw.needs_rehash(PASSLIB_VECTORS[0][1])  # 1212 < 600,000


def test_default_rounds_env_override(monkeypatch):
    """FAZHI_PASSWORD_ROUNDS lowers the cost for tests but never below 1000."""
    assert pw.default_rounds() == 600_000
    monkeypatch.setenv("FAZHI_PASSWORD_ROUNDS", "2000")
    assert pw.default_rounds() == 2000
    assert pw.hash_password("x").startswith("$pbkdf2-sha512$2000$")
    assert not pw.needs_rehash(pw.hash_password("x"))
    monkeypatch.setenv("FAZHI_PASSWORD_ROUNDS", "10")
    assert pw.default_rounds() == 1000
    monkeypatch.setenv("FAZHI_PASSWORD_ROUNDS", "lots")
    with pytest.raises(ValueError):
        pw.default_rounds()


def test_invalid_rounds_rejected():
    with pytest.raises(ValueError):
        pw.hash_password("x", rounds=0)


def test_ab64_roundtrip():
    for n in range(0, 20):
        data = bytes(range(250, 250 - n, -1))
        text = pw.ab64_encode(data)
        assert "=" not in text and "+" not in text
        assert pw.ab64_decode(text) == data
    with pytest.raises(ValueError):
        pw.ab64_decode("A")
