"""Identifiers (tools/identifiers.py): USCC vectors U1-U10 (GB 32100-2015), citizen ID vectors P1-P7
(GB 11643-1999) from identifiers_and_calendar.md, masking and digests."""
import datetime
import hashlib
import hmac

from flectra.tests import tagged

from ..tools import identifiers
from ..tools.identifiers import IdentifierError
from .pure import PureCase


class IdentifierCase(PureCase):

    def assertInvalid(self, func, text, code):
        exc = self.assertError(IdentifierError, func, text)
        self.assertEqual(exc.code, code, str(exc))
        self.assertIsInstance(exc, ValueError)
        return exc


@tagged("standard", "at_install")
class TestUscc(IdentifierCase):

    def test_u1_valid(self):
        """U1: 911101080000000007 is valid (sum 210, 210 mod 31 = 24, 31 - 24 = 7)."""
        self.assertEqual(identifiers.validate_uscc("911101080000000007"), "911101080000000007")

    def test_u2_wrong_check_character(self):
        """U2: 911101080000000008 has a wrong check character."""
        exc = self.assertInvalid(identifiers.validate_uscc, "911101080000000008", "checksum")
        self.assertIn("check character", str(exc))

    def test_u3_remainder_zero_gives_check_zero(self):
        """U3: 913301060000000000 is valid: sum 248 ≡ 0 (mod 31), so 31 → check '0'."""
        self.assertEqual(identifiers.validate_uscc("913301060000000000"), "913301060000000000")

    def test_u4_letter_check_individual_business(self):
        """U4: 92330106000000000W is valid (sum 251 → 28 → 'W')."""
        self.assertEqual(identifiers.validate_uscc("92330106000000000W"), "92330106000000000W")

    def test_u5_letter_check_farmers_cooperative(self):
        """U5: 93330106000000000R is valid (sum 254 → 25 → 'R')."""
        self.assertEqual(identifiers.validate_uscc("93330106000000000R"), "93330106000000000R")

    def test_u6_public_institution(self):
        """U6: 12330100000000000E is valid (check letter E)."""
        self.assertEqual(identifiers.validate_uscc("12330100000000000E"), "12330100000000000E")

    def test_u7_letter_o_not_in_alphabet(self):
        """U7: 91110108O000000007 contains O, which the alphabet excludes."""
        exc = self.assertInvalid(identifiers.validate_uscc, "91110108O000000007", "charset")
        self.assertIn("O", str(exc))
        self.assertIn("911101080000000007", str(exc))  # shows what a valid code looks like

    def test_u8_letter_i_not_allowed(self):
        """U8: 91110108000000000I contains I, which is not allowed."""
        self.assertInvalid(identifiers.validate_uscc, "91110108000000000I", "charset")

    def test_u9_full_width_is_normalised(self):
        """U9: a full-width code is valid after normalisation."""
        self.assertEqual(identifiers.validate_uscc("９１１１０１０８０００００００００７"), "911101080000000007")

    def test_u10_seventeen_characters(self):
        """U10: 91110108000000000 (17 characters) fails on length."""
        exc = self.assertInvalid(identifiers.validate_uscc, "91110108000000000", "length")
        self.assertIn("17", str(exc))
        self.assertIn("18", str(exc))

    def test_empty_and_lower_case(self):
        """Empty input is 'empty'; lower case and spaces are normalised."""
        self.assertInvalid(identifiers.validate_uscc, "  ", "empty")
        self.assertInvalid(identifiers.validate_uscc, None, "empty")
        self.assertEqual(identifiers.validate_uscc(" 9233 0106 0000 0000 0w "), "92330106000000000W")

    def test_division_code_must_be_digits(self):
        """Positions 3-8 are a division code: letters there are a 'format' error."""
        self.assertInvalid(identifiers.validate_uscc, "91A101080000000007", "format")

    def test_inner_organisation_code_check(self):
        """GB 11714 inner check passes for 000000000 and fails for 000000001 (warning only)."""
        self.assertTrue(identifiers.uscc_inner_check_ok("911101080000000007"))
        first17 = "91110108000000001"
        code = first17 + identifiers.uscc_check_char(first17)
        self.assertEqual(identifiers.validate_uscc(code), code)  # still valid under GB 32100
        self.assertFalse(identifiers.uscc_inner_check_ok(code))
        # organisation code 00000001: sum 2, 11 - 2 = 9
        first17 = "91110108000000019"
        self.assertTrue(identifiers.uscc_inner_check_ok(first17 + identifiers.uscc_check_char(first17)))

    def test_organisation_code_check_characters(self):
        """GB 11714: 10 → 'X', 11 → '0'."""
        self.assertEqual(identifiers.organization_code_check_char("00000000"), "0")
        self.assertEqual(identifiers.organization_code_check_char("00000001"), "9")
        self.assertEqual(identifiers.organization_code_check_char("00000030"), "X")  # 3 × 4 = 12 ≡ 1
        self.assertEqual(identifiers.organization_code_check_char("0000000A"), "2")  # A = 10, 10 × 2 = 20 ≡ 9


@tagged("standard", "at_install")
class TestIdNumber(IdentifierCase):

    def test_p1_valid_female(self):
        """P1: 110101197001010008 is valid (S = 92, 92 mod 11 = 4 → '8'), born 1970-01-01, female."""
        number = identifiers.validate_id_number("110101197001010008")
        self.assertEqual(number, "110101197001010008")
        self.assertEqual(identifiers.id_number_birth_date(number), datetime.date(1970, 1, 1))
        self.assertEqual(identifiers.id_number_gender(number), "female")

    def test_p2_check_x(self):
        """P2: 33010619851231000X is valid (S = 211, 211 mod 11 = 2 → 'X')."""
        self.assertEqual(identifiers.validate_id_number("33010619851231000X"), "33010619851231000X")

    def test_p3_lower_case_x(self):
        """P3: a lower-case x is accepted and stored upper-case."""
        self.assertEqual(identifiers.validate_id_number("33010619851231000x"), "33010619851231000X")

    def test_p4_leap_day_2000(self):
        """P4: 440304200002290006 is valid: 2000-02-29 exists (2000 is a leap year)."""
        number = identifiers.validate_id_number("440304200002290006")
        self.assertEqual(identifiers.id_number_birth_date(number), datetime.date(2000, 2, 29))

    def test_p5_wrong_check_digit(self):
        """P5: 110101197001010009 has a wrong check digit."""
        self.assertInvalid(identifiers.validate_id_number, "110101197001010009", "checksum")

    def test_p6_no_leap_day_in_1900(self):
        """P6: 110101190002290003 has a correct check digit but 1900-02-29 does not exist."""
        self.assertEqual(identifiers.id_number_check_char("11010119000229000"), "3")
        exc = self.assertInvalid(identifiers.validate_id_number, "110101190002290003", "birth_date")
        self.assertIn("19000229", str(exc))

    def test_p7_no_leap_day_in_2025(self):
        """P7: 110101202502290005 has a correct check digit but 2025-02-29 does not exist."""
        self.assertEqual(identifiers.id_number_check_char("11010120250229000"), "5")
        self.assertInvalid(identifiers.validate_id_number, "110101202502290005", "birth_date")

    def test_birth_date_in_the_future(self):
        """A birth date after today is refused."""
        first17 = "11010120300101000"
        number = first17 + identifiers.id_number_check_char(first17)
        self.assertInvalid(identifiers.validate_id_number, number, "birth_date")
        self.assertEqual(identifiers.validate_id_number(number, today=datetime.date(2031, 1, 1)), number)

    def test_odd_sequence_is_male(self):
        """Sequence code odd = male (GB 11643-1999)."""
        first17 = "11010119700101001"
        self.assertEqual(identifiers.id_number_gender(first17 + identifiers.id_number_check_char(first17)), "male")

    def test_legacy_fifteen_digits_refused_with_suggestion(self):
        """A 15-digit number is refused; the message suggests the 18-digit number."""
        exc = self.assertInvalid(identifiers.validate_id_number, "110101700101000", "format")
        self.assertIn("18-digit", str(exc))
        self.assertIn("110101197001010008", str(exc))
        self.assertEqual(identifiers.legacy_id_number_to_18("110101700101000"), "110101197001010008")

    def test_length_charset_empty(self):
        """Wrong length, letters inside, and empty input each have their own code."""
        self.assertInvalid(identifiers.validate_id_number, "11010119700101000", "length")
        self.assertInvalid(identifiers.validate_id_number, "11010119700101A008", "charset")
        self.assertInvalid(identifiers.validate_id_number, "", "empty")

    def test_full_width_and_spaces(self):
        """Full-width digits and spaces are normalised."""
        self.assertEqual(identifiers.validate_id_number("１１０１０１ １９７００１０１ ０００８"), "110101197001010008")


@tagged("standard", "at_install")
class TestMaskingAndDigest(IdentifierCase):

    def test_normalize(self):
        """NFKC full-width → half-width, no spaces, upper case."""
        self.assertEqual(identifiers.normalize(" ９１ab\u3000c "), "91ABC")

    def test_mask_id_number(self):
        """First 6 and last 4 shown, 8 stars."""
        self.assertEqual(identifiers.mask_id_number("110101197001011234"), "110101********1234")

    def test_mask_uscc(self):
        """First 8 and last 2 shown, 8 stars."""
        self.assertEqual(identifiers.mask_uscc("911101080000000007"), "91110108********07")

    def test_mask_mobile(self):
        """First 3 and last 4 digits shown."""
        self.assertEqual(identifiers.mask_mobile("13812341234"), "138****1234")
        self.assertEqual(identifiers.mask_mobile("138 1234 1234"), "138****1234")
        self.assertEqual(identifiers.mask_mobile("+8613812341234"), "+86138****1234")

    def test_mask_name(self):
        """First character, then one star per character."""
        self.assertEqual(identifiers.mask_name("张三"), "张*")
        self.assertEqual(identifiers.mask_name("欧阳娜娜"), "欧***")
        self.assertEqual(identifiers.mask_name("买买提·艾力"), "买**·**")
        self.assertEqual(identifiers.mask_name(""), "")

    def test_masks_of_short_values_hide_everything(self):
        """Values too short to keep head and tail are fully masked."""
        self.assertEqual(identifiers.mask_id_number("1234"), "****")
        self.assertEqual(identifiers.mask_mobile("12345"), "*****")

    def test_identifier_digest(self):
        """HMAC-SHA256 of the normalised value: same digest for equivalent spellings."""
        key = b"secret"
        expected = hmac.new(key, b"33010619851231000X", hashlib.sha256).hexdigest()
        self.assertEqual(identifiers.identifier_digest("33010619851231000x", key), expected)
        self.assertEqual(identifiers.identifier_digest(" ３３０１０６１９８５１２３１０００Ｘ", key), expected)
        self.assertNotEqual(identifiers.identifier_digest("33010619851231000X", b"other"), expected)
        self.assertError(ValueError, identifiers.identifier_digest, "x", b"")
        self.assertError(ValueError, identifiers.identifier_digest, "x", "text key")
