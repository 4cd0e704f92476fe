import factory
from django.core.files.base import ContentFile

from accounts.tests.factories import UserFactory
from library.audience import Audience
from library.models import Document, DocumentVersion, Folder

# The smallest valid PDF the upload check accepts (its content starts with %PDF).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str = "toolkit.pdf", content: bytes = PDF) -> ContentFile:
    return ContentFile(content, name=name)


class FolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Folder

    name = factory.Sequence(lambda n: f"Map {n}")
    topic = "branding"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    audience = Audience.ALL
    created_by = factory.SubFactory(UserFactory)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.LazyFunction(pdf_file)
    original_name = "toolkit.pdf"
    size = len(PDF)
    uploaded_by = factory.SelfAttribute("document.created_by")
