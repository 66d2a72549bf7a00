"""Field encryption, blind index and masking helpers (core.crypto, core.fields, core.masking)."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from gongzhi.core import crypto, masking
from gongzhi.core.fields import index_lookup
from gongzhi.core.idnumber import normalize

KEY_A = "a:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "b:" + base64.b64encode(b"B" * 32).decode()


def test_round_trip_and_random_nonce():
    token = crypto.encrypt("13812345678")
    assert token.startswith(crypto.current_key_id() + "$")
    assert "13812345678" not in token
    assert crypto.decrypt(token) == "13812345678"
    # Same plaintext, different ciphertext: equal values cannot be spotted in the table.
    assert crypto.encrypt("13812345678") != token


def test_round_trip_unicode():
    assert crypto.decrypt(crypto.encrypt("高血压，每日服药")) == "高血压，每日服药"


def test_tampered_value_is_refused():
    token = crypto.encrypt("secret")
    kid, raw = token.split("$")
    data = bytearray(base64.b64decode(raw))
    data[-1] ^= 0x01
    tampered = kid + "$" + base64.b64encode(bytes(data)).decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered)


def test_value_moved_to_another_key_id_is_refused():
    # The key id is authenticated data: relabelling a token does not pass.
    with override_settings(GONGZHI_FIELD_KEYS=f"{KEY_A},{KEY_B}"):
        token = crypto.encrypt("secret")
        relabelled = "b$" + token.split("$", 1)[1]
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(relabelled)


def test_unknown_key_id_is_refused():
    with override_settings(GONGZHI_FIELD_KEYS=KEY_A):
        token = crypto.encrypt("secret")
    with (
        override_settings(GONGZHI_FIELD_KEYS=KEY_B),
        pytest.raises(crypto.DecryptionError, match="'a'"),
    ):
        crypto.decrypt(token)


def test_not_a_token():
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("plain text")


def test_first_key_encrypts_all_keys_decrypt():
    with override_settings(GONGZHI_FIELD_KEYS=KEY_A):
        old = crypto.encrypt("x")
    with override_settings(GONGZHI_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
        assert crypto.encrypt("x").startswith("b$")
        assert crypto.decrypt(old) == "x"


@pytest.mark.parametrize(
    "spec",
    ["", "nokey", "a:not-base64!", "a:" + base64.b64encode(b"short").decode(), "a$b:" + KEY_A[2:]],
)
def test_bad_key_specs_are_refused(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keys(spec)


def test_generated_key_is_32_bytes():
    assert len(base64.b64decode(crypto.generate_key())) == 32


def test_blind_index_is_deterministic_and_keyed():
    assert crypto.blind_index("x", "p") == crypto.blind_index("x", "p")
    assert crypto.blind_index("x", "p") != crypto.blind_index("y", "p")
    assert "x" not in crypto.blind_index("x", "p")


def test_blind_index_changes_with_key():
    before = crypto.blind_index("x", "p")
    with override_settings(GONGZHI_INDEX_KEY=base64.b64encode(b"I" * 32).decode()):
        assert crypto.blind_index("x", "p") != before


def test_different_purpose_gives_different_index():
    assert crypto.blind_index("13812345678", "org.staff.phone") != crypto.blind_index(
        "13812345678", "registry.resident.phone"
    )


def test_index_normalizer_makes_typing_variants_equal():
    from gongzhi.core.fields import BlindIndexField

    field = BlindIndexField(source="id_number", normalizer=normalize)
    field.model = type("M", (), {"_meta": type("Meta", (), {"label_lower": "t.m"})})
    assert field.index_of("11010519491231002x") == field.index_of("110105 19491231 002X")
    assert field.index_of("１１０１０５１９４９１２３１００２Ｘ") == field.index_of(
        "11010519491231002X"
    )
    assert field.index_of("") == ""


def test_index_lookup_without_index_is_an_error():
    from gongzhi.org.models import Staff

    with pytest.raises(LookupError):
        index_lookup(Staff, "phone", "13812345678")


@pytest.mark.django_db
def test_encrypted_field_stores_ciphertext(world):
    from django.db import connection

    from gongzhi.org.models import Staff

    staff = Staff.objects.create(
        street=world["s1"], name="王芳", position="社工", phone="13812345678"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM org_staff WHERE id = %s", [staff.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith(crypto.current_key_id() + "$") and "5678" not in stored
    assert Staff.objects.get(pk=staff.pk).phone == "13812345678"


def test_mask_id_number():
    # Area code and last two: the birth date and two sequence digits hidden (core.masking).
    assert masking.mask_id_number("110105199001011234") == "110105**********34"
    assert masking.mask_id_number("") == ""
    assert masking.mask_id_number("12345") == "*****"


def test_mask_phone():
    assert masking.mask_phone("13812345678") == "138****5678"
    assert masking.mask_phone("01062345678") == "010****5678"
    assert masking.mask_phone("12345") == "1****"
    assert masking.mask_phone(None) == ""


def test_mask_name_and_text():
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳娜娜") == "欧**娜"
    assert masking.mask_name("李") == "李"
    assert masking.mask_text("高血压") == "●●●"
    assert masking.mask_text("x" * 50) == "●" * 8


def test_bulk_encryptor_gives_tokens_like_encrypt_with_fresh_nonces():
    encrypt = crypto.encryptor()
    tokens = [encrypt("13812345678") for _ in range(3000)]  # more than one nonce block
    assert all(crypto.decrypt(t) == "13812345678" for t in tokens)
    assert all(t.startswith(crypto.current_key_id() + "$") for t in tokens)
    nonces = {base64.b64decode(t.split("$", 1)[1])[:12] for t in tokens}
    assert len(nonces) == 3000


def test_bulk_indexer_equals_the_fields_index_of():
    from gongzhi.registry.models import Resident

    field = Resident._meta.get_field("phone_index")
    assert field.indexer()("138 1234-5678") == field.index_of("138 1234-5678")
    assert field.indexer(normalized=True)("13812345678") == field.index_of("13812345678")
    assert field.indexer()("") == field.index_of("") == ""
