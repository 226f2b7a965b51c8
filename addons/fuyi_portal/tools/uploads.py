"""Upload checks by content: the first bytes decide the type, never the name or the browser's claim."""
import io
import os
import zipfile

#: type key -> (label, extensions the name may carry, mimetype)
FILE_TYPES = {
    "pdf": ("PDF", (".pdf",), "application/pdf"),
    "jpeg": ("JPG", (".jpg", ".jpeg"), "image/jpeg"),
    "png": ("PNG", (".png",), "image/png"),
    "docx": ("DOCX", (".docx",),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
TYPES_LABEL = "、".join(label for label, _ext, _mime in FILE_TYPES.values())
MAX_ZIP_ENTRIES = 2000   #: a DOCX has dozens of parts; thousands means a crafted archive


def sniff(data):
    """The type key of ``data`` by its magic bytes, or None (anything else, also an EXE)."""
    if not data:
        return None
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    return None


def _is_docx(data):
    """A ZIP holding [Content_Types].xml and a word/document.xml part (names only: nothing is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return False
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def extension(name):
    return os.path.splitext((name or "").strip().lower())[1]


def name_matches(kind, name):
    """The name's extension is one of the type's (a PNG named .pdf is refused: one of the two lies)."""
    return extension(name) in FILE_TYPES[kind][1]


def safe_display_name(name, limit=120):
    """The original name for display only: no path, no control characters, bounded length."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')
    return base[:limit] or "file"
