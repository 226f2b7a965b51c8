"""Documents (文书) of the reconsideration office, as Word files in the official layout.

``docx_builder.OfficialDocumentBuilder`` owns the python-docx plumbing (GB/T 9704-2012 page,
fonts, number line, signature, page numbers); it holds no ORM code, so the ``fuyi.document``
model imports it and this package registers no models::

    from ..report.docx_builder import OfficialDocumentBuilder
    data = OfficialDocumentBuilder().build("行政复议受理通知书", None, "张三", ["……"], "县人民政府",
                                           datetime.date(2025, 10, 10))
"""
