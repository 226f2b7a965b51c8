"""A Word document in the layout of GB/T 9704-2012 (党政机关公文格式), built with python-docx.

Plain Python, no ORM: the caller prepares title, number, recipient, paragraphs, signature and
date; :class:`OfficialDocumentBuilder` turns them into ``.docx`` bytes::

    >>> data = OfficialDocumentBuilder().build(
    ...     "县人民政府\\n行政复议受理通知书", "县府复受字〔2025〕1号", "张三",
    ...     ["你于2025年9月26日提出的行政复议申请收悉。……"], "县人民政府", datetime.date(2025, 10, 10))

Layout (section numbers of GB/T 9704-2012):

- A4 210×297 mm; top margin 37 mm, left 28 mm, text area 156×225 mm, hence bottom 35 mm and
  right 26 mm (§5.2.1, §5.2.2);
- 22 lines per page: body lines at a fixed 28.95 pt (22 × 28.95 pt fits the 225 mm area, §5.2.3);
- title 二号 (22 pt) 小标宋, centred, one or more lines (§7.3.1); number line centred (§7.2.4);
- recipient flush left, followed by a full-width colon (§7.3.2);
- body 三号 (16 pt) 仿宋, first line indented two characters (§7.3.3, §6.1);
- signature centred over the date, date in Arabic numerals without leading zeros and placed
  four characters from the right edge (§7.3.5.1);
- copy-to line (抄送) 四号 between two rules (§7.4.2);
- page numbers "— 1 —" in 四号 半角宋体, odd pages right and even pages left, one character in
  from the edge (§7.5).

Every run names its East-Asian font (``w:eastAsia``): without it Word falls back to the
theme's Latin font for Chinese text (python-openxml/python-docx issue #1139).
"""
import copy
import datetime
import io
import struct
import time
import zipfile
import zlib

from docx import Document
from docx.document import Document as Document_
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from lxml import etree

TITLE_FONT = "方正小标宋简体"
TITLE_FONT_LATIN = "FZXiaoBiaoSong-B05S"  #: the same font's Latin name, for the ascii/hAnsi slots
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
#: fontTable fallbacks for machines without the official fonts (w:altName)
FONT_FALLBACKS = {TITLE_FONT: TITLE_FONT_LATIN, BODY_FONT: "仿宋", PAGE_NUMBER_FONT: "SimSun"}

TITLE_SIZE = 22        #: 二号
BODY_SIZE = 16         #: 三号
SMALL_SIZE = 14        #: 四号 (抄送, page numbers)
LINE_PITCH = 28.95     #: fixed line spacing in pt: 22 lines in the 225 mm text area
TITLE_LINE_PITCH = 36  #: room for the taller title glyphs


def chinese_date(date):
    """'2025年10月10日': Arabic numerals, full year, no leading zeros (GB/T 9704-2012 §7.3.5.1)."""
    return "%d年%d月%d日" % (date.year, date.month, date.day)


def due_date_text(deadline):
    """A deadline's last day as a document states it; a provisional one says so (counted before the
    State Council holiday notice of its year was loaded, so it may still move)."""
    text = chinese_date(deadline.due_date)
    if deadline.provisional:
        text += "（暂定日期，以国务院办公厅公布的该年度节假日安排为准）"
    return text


def _text_width(text):
    """Width of ``text`` in characters: CJK characters count 1, half-width ones 0.5."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def _set_run_font(run, name, size_pt, bold=False, latin_name=None):
    """Font of one run in every slot: ascii, hAnsi and eastAsia (+ size and weight).

    Theme font attributes are dropped: Word lets ``w:asciiTheme`` win over ``w:ascii``.
    """
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin_name or name)
    fonts.set(qn("w:hAnsi"), latin_name or name)
    fonts.set(qn("w:eastAsia"), name)
    return run


DOCUMENT_MEMBER = "word/document.xml"
CORE_MEMBER = "docProps/core.xml"

_TEMPLATES = {}   #: builder class -> _Template, filled on first use


class _Template:
    """A saved content-free document, split into what varies per document and what does not.

    ``document_element``/``core_element`` are parsed once and deep-copied per document. The other
    members are kept deflated with their CRC, so a document's zip is written without compressing
    them again (styles.xml and stylesWithEffects.xml alone are 800 kB of XML).
    """

    def __init__(self, data):
        package = Document(io.BytesIO(data))
        self.document_part = package.part
        self.document_element = package.element
        self.core_element = package.core_properties._element
        self.members = []   # (name, None) for a varying member, else (name, (crc, size, deflated))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename in (DOCUMENT_MEMBER, CORE_MEMBER):
                    self.members.append((info.filename, None))
                else:
                    blob = archive.read(info)
                    self.members.append((info.filename, (zlib.crc32(blob), len(blob), _deflate(blob))))

    def zip(self, varying):
        """The ``.docx`` bytes: the fixed members as stored, ``varying`` (name -> bytes) deflated.

        A plain zip (no zip64, no data descriptors), member order and compression as python-docx's
        own writer (``zipfile`` with ZIP_DEFLATED) produces them.
        """
        now = time.localtime(time.time())
        dos_time = now.tm_hour << 11 | now.tm_min << 5 | now.tm_sec // 2
        dos_date = (now.tm_year - 1980) << 9 | now.tm_mon << 5 | now.tm_mday
        out = io.BytesIO()
        central = []
        for name, stored in self.members:
            if stored is None:
                blob = varying[name]
                stored = (zlib.crc32(blob), len(blob), _deflate(blob))
            crc, size, deflated = stored
            encoded = name.encode("ascii")
            offset = out.tell()
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, zipfile.ZIP_DEFLATED, dos_time, dos_date,
                                  crc, len(deflated), size, len(encoded), 0))
            out.write(encoded)
            out.write(deflated)
            central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, zipfile.ZIP_DEFLATED, dos_time,
                                       dos_date, crc, len(deflated), size, len(encoded), 0, 0, 0, 0,
                                       0o600 << 16, offset) + encoded)
        start = out.tell()
        for entry in central:
            out.write(entry)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                              out.tell() - start, start, 0))
        return out.getvalue()


def _deflate(blob):
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(blob) + compressor.flush()


class OfficialDocumentBuilder:
    """Builds one document in the official layout; override the ``_add_*`` steps to vary it.

    ``_setup_page``, ``_setup_defaults``, ``_add_page_numbers`` and ``_declare_fonts`` build the
    per-class template (once per process); the other ``_add_*`` steps may only edit the body.
    """

    page_width, page_height = Mm(210), Mm(297)
    margin_top, margin_bottom, margin_left, margin_right = Mm(37), Mm(35), Mm(28), Mm(26)

    def build(self, title, number, recipient, paragraphs, signature, date, cc=()):
        """The ``.docx`` bytes of the document.

        Args:
            title: document title; ``\\n`` separates title lines (e.g. body name, then document name).
            number: document number (文号) such as 县府复补字〔2025〕1号, or None for a draft
                (the line stays empty so the layout does not move when the number is added).
            recipient: addressee printed before a full-width colon, or None.
            paragraphs: body paragraphs, in order.
            signature: the issuing body's name.
            date: the date of the document (成文日期).
            cc: bodies the document is copied to (抄送), if any.

        Returns:
            the document as bytes.
        """
        if not isinstance(date, datetime.date):
            raise TypeError("date must be a datetime.date, not %r" % (date,))
        template = self._template()
        # the body is built on a copy of the template's parsed document.xml (a few kB); the
        # template's other parts (styles, theme, footers… 800 kB) are never reparsed or rezipped
        document = Document_(copy.deepcopy(template.document_element), template.document_part)
        self._add_title(document, title)
        self._add_number(document, number)
        if recipient:
            self._add_line(document, "%s：" % recipient, WD_ALIGN_PARAGRAPH.LEFT)
        for text in paragraphs:
            self._add_body_paragraph(document, text)
        self._add_signature(document, signature, date)
        if cc:
            self._add_cc(document, cc)
        return self._package(template, document, title, signature)

    @staticmethod
    def _package(template, document, title, signature):
        """The .docx bytes: the template's package with this body and its own core properties."""
        core = CoreProperties(copy.deepcopy(template.core_element))
        core.title = title.replace("\n", "")
        core.author = signature
        core.language = "zh-CN"
        return template.zip({DOCUMENT_MEMBER: serialize_part_xml(document.element),
                             CORE_MEMBER: serialize_part_xml(core._element)})

    def _template(self):
        """The document without content (page, defaults, footers, fonts), built once per class.

        Every step that does not depend on the document's content runs here, on python-docx's
        default template; :meth:`build` only adds the body paragraphs and the core properties.
        """
        key = type(self)
        template = _TEMPLATES.get(key)
        if template is None:
            document = Document()
            self._setup_page(document)
            self._setup_defaults(document)
            body = document.element.body
            for element in list(body):
                if element.tag != qn("w:sectPr"):
                    body.remove(element)
            self._add_page_numbers(document)
            self._declare_fonts(document)
            stream = io.BytesIO()
            document.save(stream)
            template = _TEMPLATES.setdefault(key, _Template(stream.getvalue()))
        return template

    # --- page and defaults ---
    def _setup_page(self, document):
        section = document.sections[0]
        section.page_width, section.page_height = self.page_width, self.page_height
        section.top_margin, section.bottom_margin = self.margin_top, self.margin_bottom
        section.left_margin, section.right_margin = self.margin_left, self.margin_right
        # the page number's rule sits 7 mm below the text area (§7.5)
        section.footer_distance = Emu(self.margin_bottom - Mm(7) - Pt(SMALL_SIZE))

    def _setup_defaults(self, document):
        """Document defaults: body font and size, Chinese language, fixed lines, no extra spacing."""
        defaults = document.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        fonts.attrib.clear()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), BODY_FONT)
        rpr.find(qn("w:sz")).set(qn("w:val"), str(BODY_SIZE * 2))
        rpr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_SIZE * 2))
        lang = rpr.find(qn("w:lang"))
        lang.set(qn("w:eastAsia"), "zh-CN")
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), str(round(LINE_PITCH * 20)))
        spacing.set(qn("w:lineRule"), "exact")

    def _format(self, paragraph, alignment, pitch=LINE_PITCH):
        fmt = paragraph.paragraph_format
        fmt.alignment = alignment
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(pitch)
        return fmt

    # --- parts of the document ---
    def _add_line(self, document, text, alignment, font=BODY_FONT, size=BODY_SIZE, pitch=LINE_PITCH,
                  latin_name=None):
        paragraph = document.add_paragraph()
        self._format(paragraph, alignment, pitch)
        if text:
            _set_run_font(paragraph.add_run(text), font, size, latin_name=latin_name)
        return paragraph

    def _add_title(self, document, title):
        for line in title.split("\n"):
            self._add_line(document, line.strip(), WD_ALIGN_PARAGRAPH.CENTER, TITLE_FONT, TITLE_SIZE,
                           TITLE_LINE_PITCH, latin_name=TITLE_FONT_LATIN)

    def _add_number(self, document, number):
        self._add_line(document, number or "", WD_ALIGN_PARAGRAPH.CENTER)
        self._add_line(document, "", WD_ALIGN_PARAGRAPH.LEFT)

    def _add_body_paragraph(self, document, text):
        paragraph = self._add_line(document, text, WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        # indent in characters too, so it stays two characters if the size changes
        paragraph.paragraph_format.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
        return paragraph

    def _add_signature(self, document, signature, date):
        """Date four characters from the right; the signature centred over it (§7.3.5.1)."""
        date_text = chinese_date(date)
        self._add_line(document, "", WD_ALIGN_PARAGRAPH.LEFT)
        self._add_line(document, "", WD_ALIGN_PARAGRAPH.LEFT)
        offset = max((_text_width(date_text) - _text_width(signature)) / 2, 0)
        for text, chars in ((signature, 4 + offset), (date_text, 4)):
            paragraph = self._add_line(document, text, WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = Pt(chars * BODY_SIZE)

    def _add_cc(self, document, cc):
        """抄送：A，B。 in 四号, indented one character each side, between two rules (§7.4.2)."""
        self._add_line(document, "", WD_ALIGN_PARAGRAPH.LEFT)
        paragraph = self._add_line(document, "抄送：%s。" % "，".join(cc), WD_ALIGN_PARAGRAPH.LEFT,
                                   size=SMALL_SIZE)
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(SMALL_SIZE)
        borders = OxmlElement("w:pBdr")
        for side in ("top", "bottom"):
            rule = OxmlElement("w:%s" % side)
            for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "auto")):
                rule.set(qn("w:%s" % key), value)
            borders.append(rule)
        fmt.element.get_or_add_pPr().insert_element_before(
            borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc")

    def _add_page_numbers(self, document):
        """— 1 —: odd pages right, even pages left, one character in (§7.5)."""
        document.settings.odd_and_even_pages_header_footer = True
        section = document.sections[0]
        for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                  (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            fmt = self._format(paragraph, alignment, SMALL_SIZE * 1.5)
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(SMALL_SIZE)
            else:
                fmt.left_indent = Pt(SMALL_SIZE)
            self._add_page_field(paragraph)

    def _add_page_field(self, paragraph):
        def run(text=None, element=None):
            new = _set_run_font(paragraph.add_run(text), PAGE_NUMBER_FONT, SMALL_SIZE)
            if element is not None:
                new._r.append(element)
            return new

        def field_char(kind):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            return char

        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = " PAGE "
        run("— ")
        run(element=field_char("begin"))
        run(element=instruction)
        run(element=field_char("separate"))
        run("1")
        run(element=field_char("end"))
        run(" —")

    def _declare_fonts(self, document):
        """Name each font in the font table with a fallback (w:altName) for machines without it."""
        part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        table = etree.fromstring(part.blob)
        for name, alternative in FONT_FALLBACKS.items():
            font = etree.SubElement(table, qn("w:font"))
            font.set(qn("w:name"), name)
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alternative)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")   # GB2312
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name == BODY_FONT else "roman")
            etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "fixed" if name == BODY_FONT else "variable")
        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
