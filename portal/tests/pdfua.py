"""What makes a PDF of the portal accessible, read back from the file with pypdf (shared by the PDFs' tests)."""

import io
import re

from pypdf import PdfReader


def fonts_of(reader: PdfReader) -> dict[str, dict]:
    """Every font the pages use, by name, with its descriptor (through a Type0 font's descendant)."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    return fonts


def accessible_pdf(content: bytes, *, lang: str) -> PdfReader:
    """The PDF, after checking it is tagged PDF/UA-1 in `lang` with every font embedded; fails a test if not."""
    assert content.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog and catalog["/StructTreeRoot"].get_object()["/K"]
    assert catalog["/Lang"] == lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # the title, not the file name
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp), xmp
    fonts = fonts_of(reader)
    assert fonts
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"
    return reader


def text_of(reader: PdfReader) -> list[str]:
    """The text of each page, white space as one space."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def structure_roles(reader: PdfReader) -> list[str]:
    """The structure types of the tagged PDF (H1, P, Table, TH, Figure, ...), in document order."""
    roles = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if "/S" in node:
                roles.append(str(node["/S"]).lstrip("/"))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return roles
