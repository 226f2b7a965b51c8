"""送达回证 (proof-of-service form), built with python-docx on the official page layout.

Plain Python, no ORM, like :mod:`.docx_builder`: the caller gives the rows of the form::

    >>> data = ProofOfServiceBuilder().build_form(
    ...     "送达回证", [("案由", "张三不服……"), ("受送达人", "张三"), ("送达人", "")],
    ...     "县人民政府", datetime.date(2025, 10, 10), notes=["受送达人在本回证上的签收日期为送达日期。"])

The form is a two-column table (label, content) on the A4 page of GB/T 9704-2012, in 四号 仿宋;
rows the server or the recipient fills in by hand get room to write. It is not a 公文 of its own
and has no number line: it travels with the served document, whose 文号 it quotes.
"""
import copy
import datetime

from docx.document import Document as Document_
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .docx_builder import BODY_FONT, SMALL_SIZE, OfficialDocumentBuilder, _set_run_font

LABEL_WIDTH = Mm(42)
CONTENT_WIDTH = Mm(114)      #: label + content = the 156 mm text area (GB/T 9704-2012 §5.2.2)
ROW_HEIGHT = Mm(13)          #: at least: room for a line of handwriting
TALL_ROW_HEIGHT = Mm(24)     #: signature, servers' names, remarks
CELL_PITCH = SMALL_SIZE * 1.5


class ProofOfServiceBuilder(OfficialDocumentBuilder):
    """The form: title, table of (label, content) rows, signature of the issuing body and date."""

    def build_form(self, title, rows, signature, date, notes=(), tall=()):
        """The ``.docx`` bytes of the form.

        Args:
            title: the form's title.
            rows: (label, content) pairs in order; content may be empty (filled in by hand) and may hold
                ``\\n`` for several lines.
            signature: the issuing body's name.
            date: the date the form was made out (填发日期).
            notes: lines printed under the table (说明).
            tall: labels of the rows that need room for signatures or remarks.
        """
        if not isinstance(date, datetime.date):
            raise TypeError("date must be a datetime.date, not %r" % (date,))
        template = self._template()
        document = Document_(copy.deepcopy(template.document_element), template.document_part)
        self._add_title(document, title)
        self._add_line(document, "", WD_ALIGN_PARAGRAPH.LEFT)
        self._add_table(document, rows, set(tall))
        for note in notes:
            self._add_line(document, note, WD_ALIGN_PARAGRAPH.LEFT, size=SMALL_SIZE, pitch=CELL_PITCH)
        self._add_signature(document, signature, date)
        return self._package(template, document, title, signature)

    def _add_table(self, document, rows, tall):
        table = document.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        self._set_borders(table)
        # the grid decides the widths in a fixed layout (LibreOffice); the cell widths serve Word
        for column, width in zip(table.columns, (LABEL_WIDTH, CONTENT_WIDTH)):
            column.width = width
        for row, (label, content) in zip(table.rows, rows):
            row.height = TALL_ROW_HEIGHT if label in tall else ROW_HEIGHT
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            label_cell, content_cell = row.cells
            label_cell.width, content_cell.width = LABEL_WIDTH, CONTENT_WIDTH
            self._fill(label_cell, [label], WD_ALIGN_PARAGRAPH.CENTER)
            self._fill(content_cell, (content or "").split("\n"), WD_ALIGN_PARAGRAPH.LEFT)
        return table

    def _fill(self, cell, lines, alignment):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines):
            if index:
                paragraph = cell.add_paragraph()
            self._format(paragraph, alignment, CELL_PITCH)
            if line:
                _set_run_font(paragraph.add_run(line), BODY_FONT, SMALL_SIZE)

    @staticmethod
    def _set_borders(table):
        """Single rules around and between every cell (no reliance on a "Table Grid" style)."""
        properties = table._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            rule = OxmlElement("w:%s" % side)
            for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "auto")):
                rule.set(qn("w:%s" % key), value)
            borders.append(rule)
        properties.insert_element_before(borders, "w:tblShd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                         "w:tblCaption", "w:tblDescription")
