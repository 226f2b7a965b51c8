"""The campaign report (评查情况通报): official layout from fuyi_case's builder, then an annex with
the tables and a chart (matplotlib) added to the finished document with python-docx."""
import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from flectra.addons.fuyi_case.report.docx_builder import OfficialDocumentBuilder

#: fonts with Chinese glyphs, in order of preference (Debian's fonts-noto-cjk installs the Noto ones)
CHART_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "SimHei", "Source Han Sans SC"]
TABLE_FONT = "仿宋_GB2312"


def bar_chart_png(labels, values, title, ylabel):
    """A bar chart as PNG bytes (a bare Figure renders with Agg: no display needed)."""
    import matplotlib
    from matplotlib.figure import Figure   # no pyplot: no global figure state in a server process
    from matplotlib import font_manager
    installed = {font.name for font in font_manager.fontManager.ttflist}
    # only installed families: a missing one makes matplotlib log a warning per text drawn
    families = [name for name in CHART_FONTS if name in installed] + ["DejaVu Sans"]
    figure = Figure(figsize=(6.0, 3.2), dpi=150)
    with matplotlib.rc_context({"font.family": families, "axes.unicode_minus": False}):
        axes = figure.subplots()
        positions = list(range(len(labels)))
        axes.bar(positions, [v or 0 for v in values], color="#3b6ea5")
        axes.set_xticks(positions)
        axes.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
        axes.set_ylim(0, 100)
        axes.set_ylabel(ylabel)
        axes.set_title(title)
        for x, value in zip(positions, values):
            axes.text(x, (value or 0) + 1, "-" if value is None else "%.1f" % value, ha="center", fontsize=7)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()


def _font(run, size=12, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(slot), TABLE_FONT)   # w:eastAsia, or Chinese falls back to the Latin font


def build_report(title, number, recipient, paragraphs, signature, date, tables, charts):
    """``tables``: [(caption, header, rows)]; ``charts``: [(caption, png bytes)] → .docx bytes."""
    data = OfficialDocumentBuilder().build(title, number, recipient, paragraphs, signature, date)
    document = Document(io.BytesIO(data))
    annex = document.add_paragraph()
    annex.add_run().add_break(WD_BREAK.PAGE)
    _font(annex.add_run("附件"), 16, True)
    for caption, header, rows in tables:
        _font(document.add_paragraph().add_run(caption), 14, True)
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header):
            _font(cell.paragraphs[0].add_run(str(text)), 11, True)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                _font(cell.paragraphs[0].add_run("" if value is None else str(value)), 11)
    for caption, png in charts:
        _font(document.add_paragraph().add_run(caption), 14, True)
        document.add_picture(io.BytesIO(png), width=Mm(150))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
