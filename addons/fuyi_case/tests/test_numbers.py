"""Document, court case and judicial suggestion numbers (tools/numbers.py): examples N1-N6 of
identifiers_and_calendar.md §5."""
from flectra.tests import tagged

from ..tools import numbers
from .pure import PureCase


@tagged("standard", "at_install")
class TestDocumentNumbers(PureCase):

    def test_n1_parse(self):
        """N1: 某府复〔2025〕12号 → org 某府复, year 2025, seq 12 (GB/T 9704-2012 §7.2.5)."""
        self.assertEqual(numbers.parse_document_number("某府复〔2025〕12号"),
                         {"org": "某府复", "year": 2025, "seq": 12})
        self.assertEqual(numbers.check_document_number("某府复〔2025〕12号"), ("某府复〔2025〕12号", []))

    def test_n2_leading_zero_warns_with_suggestion(self):
        """N2: 某府复〔2025〕012号 breaks GB/T 9704 (leading zero): warning suggesting 某府复〔2025〕12号."""
        number, warnings = numbers.check_document_number("某府复〔2025〕012号")
        self.assertEqual(number, "某府复〔2025〕012号")
        self.assertTrue(any("leading zero" in w for w in warnings), warnings)
        self.assertTrue(any("某府复〔2025〕12号" in w for w in warnings), warnings)
        self.assertError(ValueError, numbers.parse_document_number, "某府复〔2025〕012号")

    def test_n3_square_brackets_normalised(self):
        """N3: 某府复[2025]12号 is normalised to 某府复〔2025〕12号."""
        self.assertEqual(numbers.normalize_document_number("某府复[2025]12号"), "某府复〔2025〕12号")
        self.assertEqual(numbers.check_document_number("某府复[2025]12号"), ("某府复〔2025〕12号", []))

    def test_other_look_alike_brackets(self):
        """(), （）, 【】, ［］ and full-width digits all become 〔2025〕."""
        for text in ("某府复(2025)12号", "某府复（2025）12号", "某府复【2025】12号", "某府复［２０２５］１２号",
                     "某府复 〔2025〕 12 号"):
            self.assertEqual(numbers.normalize_document_number(text), "某府复〔2025〕12号", text)
        self.assertEqual(numbers.parse_document_number("某府复【2025】12号")["seq"], 12)

    def test_di_is_reported(self):
        """A sequence written with 第 gets a warning and the suggested form."""
        _number, warnings = numbers.check_document_number("某府复〔2025〕第12号")
        self.assertTrue(any("第" in w for w in warnings))
        self.assertIn("Suggested form: 某府复〔2025〕12号", warnings)

    def test_not_a_document_number(self):
        """Free text gets one warning showing the expected form; parsing raises."""
        _number, warnings = numbers.check_document_number("hello")
        self.assertEqual(len(warnings), 1)
        self.assertIn("某府复〔2025〕12号", warnings[0])
        self.assertError(ValueError, numbers.parse_document_number, "某府复2025年12号")

    def test_format(self):
        """format_document_number writes 〔year〕 and the plain sequence."""
        self.assertEqual(numbers.format_document_number("某府复", 2025, 12), "某府复〔2025〕12号")
        self.assertError(ValueError, numbers.format_document_number, "某府复", 2025, 0)
        self.assertError(ValueError, numbers.format_document_number, "", 2025, 1)


@tagged("standard", "at_install")
class TestCourtCaseNumbers(PureCase):

    def test_n4_basic_court(self):
        """N4: （2025）浙0106行初123号 → year 2025, court 浙0106, type 行初, seq 123."""
        self.assertEqual(numbers.parse_court_case_number("（2025）浙0106行初123号"),
                         {"year": 2025, "court": "浙0106", "type": "行初", "seq": 123, "legacy": False})

    def test_n5_legacy_format(self):
        """N5: （2014）杭西行初字第12号 is a pre-2016 number: accepted as legacy, court not decoded."""
        parsed = numbers.parse_court_case_number("（2014）杭西行初字第12号")
        self.assertTrue(parsed["legacy"])
        self.assertEqual((parsed["year"], parsed["seq"]), (2014, 12))
        self.assertIsNone(parsed["court"])
        self.assertIsNone(parsed["type"])

    def test_other_court_levels(self):
        """Intermediate (2 digits), high (abbreviation only) and SPC (最高法) courts."""
        self.assertEqual(numbers.parse_court_case_number("（2025）浙01行终7号")["court"], "浙01")
        high = numbers.parse_court_case_number("（2025）浙行终3号")
        self.assertEqual((high["court"], high["type"]), ("浙", "行终"))
        spc = numbers.parse_court_case_number("（2025）最高法行申12号")
        self.assertEqual((spc["court"], spc["type"], spc["seq"]), ("最高法", "行申", 12))
        self.assertEqual(numbers.parse_court_case_number("（2025）浙0106行赔初4号")["type"], "行赔初")

    def test_brackets_normalised_to_round_full_width(self):
        """(2025), [2025], 【2025】 and 〔2025〕 become （2025） in court case numbers."""
        for text in ("(2025)浙0106行初123号", "[2025]浙0106行初123号", "【2025】浙0106行初123号",
                     "〔2025〕浙0106行初123号", "（２０２５）浙０１０６行初１２３号"):
            self.assertEqual(numbers.normalize_court_case_number(text), "（2025）浙0106行初123号", text)
        self.assertEqual(numbers.parse_court_case_number("(2025)浙0106行初123号")["seq"], 123)

    def test_not_a_court_case_number(self):
        """Text without （year） and 号 raises ValueError naming the expected form."""
        exc = self.assertError(ValueError, numbers.parse_court_case_number, "浙0106行初123号")
        self.assertIn("（2025）浙0106行初123号", str(exc))


@tagged("standard", "at_install")
class TestJudicialSuggestionNumbers(PureCase):

    def test_n6_judicial_suggestion(self):
        """N6: 某法建〔2025〕3号 is a judicial suggestion number (法释〔2023〕11号 Annex 1)."""
        self.assertTrue(numbers.is_judicial_suggestion_number("某法建〔2025〕3号"))

    def test_spc_and_look_alikes(self):
        """The SPC's own 法建〔year〕N号 and look-alike brackets count; other numbers do not."""
        self.assertTrue(numbers.is_judicial_suggestion_number("法建〔2025〕1号"))
        self.assertTrue(numbers.is_judicial_suggestion_number("杭西法建(2025)3号"))
        self.assertFalse(numbers.is_judicial_suggestion_number("某府复〔2025〕12号"))
        self.assertFalse(numbers.is_judicial_suggestion_number("（2025）浙0106行初123号"))
        self.assertFalse(numbers.is_judicial_suggestion_number("某法建〔2025〕03号"))
