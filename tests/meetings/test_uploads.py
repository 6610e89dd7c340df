"""Papers: what may be uploaded (type by name and by content, size), where it is kept, and who
may download it. Bad uploads get a clear message and leave nothing behind."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Paper
from tests.factories import BodyFactory, StaffUserFactory, UserFactory
from tests.meetings.factories import (
    MeetingFactory,
    at,
    docx_upload,
    odt_upload,
    pdf_upload,
    text_upload,
    user_on,
    zip_upload,
)

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xffThis program cannot be run in DOS mode"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def item():
    meeting = MeetingFactory(body=BodyFactory(name="Carlisle Partnership Executive"), starts_at=at(2030, 1, 10))
    return services.add_agenda_item(meeting, "Community Strategy")


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def refused(item, upload, media):
    """The message an upload is refused with, having checked that nothing was kept."""
    with pytest.raises(ValidationError) as error:
        services.upload_paper(item, upload, "A paper")
    assert not Paper.objects.exists()
    assert stored_files(media) == []
    return " ".join(error.value.message_dict["file"])


# --- Accepted --------------------------------------------------------------------------


@pytest.mark.parametrize("upload, content_type", [
    (pdf_upload("Consultation results.pdf"), "application/pdf"),
    (docx_upload("Themes.DOCX"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (zip_upload("Budget.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (odt_upload("Notes.odt"), "application/vnd.oasis.opendocument.text"),
    (text_upload("NI185 figures.csv"), "text/csv"),
    (text_upload("readme.txt", "\ufeffUTF-8 text with a byte order mark: café\n"), "text/plain"),
])
def test_papers_of_the_accepted_types_are_stored_under_a_random_name(item, media, upload, content_type):
    original = upload.name
    paper = services.upload_paper(item, upload, "")
    assert paper.content_type == content_type
    assert paper.original_name == original
    assert paper.title == original.rsplit(".", 1)[0]
    assert paper.size == upload.size
    stored = media / "papers" / paper.file.name
    assert stored.is_file()
    assert stored.suffix == "." + original.rsplit(".", 1)[1].lower()
    assert original.rsplit(".", 1)[0] not in paper.file.name


def test_the_content_type_a_browser_claims_is_not_trusted(item):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.7 real pdf", content_type="text/html")
    assert services.upload_paper(item, upload, "Report").content_type == "application/pdf"


# --- Refused, with a clear message and nothing kept -----------------------------------


def test_an_oversized_paper_is_refused_with_its_size_and_the_limit(item, media, settings):
    settings.PAPER_MAX_BYTES = 2048
    message = refused(item, pdf_upload("big report.pdf", size=3000), media).replace("\xa0", " ")
    assert "big report.pdf is 2.9 KB; papers can be at most 2.0 KB" in message
    refused(item, pdf_upload("just over.pdf", size=2049), media)
    services.upload_paper(item, pdf_upload("fits.pdf", size=2048), "Fits")


def test_the_size_limit_defaults_to_20_mb():
    assert django_settings.PAPER_MAX_BYTES == 20 * 1024 * 1024


def test_an_empty_file_is_refused(item, media):
    assert "empty" in refused(item, SimpleUploadedFile("report.pdf", b""), media)


@pytest.mark.parametrize("name, data", [
    ("report.pdf", EXE),  # an executable renamed
    ("report.pdf", b"<html><body>Not a PDF</body></html>"),
    ("themes.docx", b"%PDF-1.4 a PDF renamed"),
    ("themes.docx", None),  # a ZIP without a Word document in it
    ("macros.docx", "vba"),  # a macro-enabled document renamed
    ("notes.odt", "ods"),  # a spreadsheet renamed as text
    ("figures.csv", EXE),
    ("figures.csv", "Stra\xdfe".encode("latin-1")),  # not UTF-8
    ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
    ("notes.txt", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
])
def test_disguised_uploads_are_refused(item, media, name, data):
    if data is None:
        upload = zip_upload(name, {"[Content_Types].xml": "<Types/>", "payload.exe": "MZ"})
    elif data == "vba":
        upload = zip_upload(name, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": "x"})
    elif data == "ods":
        upload = zip_upload(name, {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
    else:
        upload = SimpleUploadedFile(name, data)
    message = refused(item, upload, media)
    assert f"{name} is not a real" in message
    assert "contents do not match its name" in message


@pytest.mark.parametrize("name", ["setup.exe", "agenda.html", "logo.svg", "macro.docm", "script.js", "no-extension"])
def test_types_that_are_never_papers_are_refused_by_name(item, media, name):
    message = refused(item, SimpleUploadedFile(name, b"%PDF-1.4 whatever"), media)
    assert "cannot be uploaded as papers" in message
    assert "PDF, Word (.docx)" in message


def test_a_path_sent_as_the_file_name_keeps_only_the_name(item):
    paper = services.upload_paper(item, pdf_upload('C:\\Users\\clerk\\My "final" report.pdf'), "")
    assert paper.original_name == "My final report.pdf"


# --- Kept out of reach -----------------------------------------------------------------


def test_papers_are_stored_outside_static_files_and_no_url_serves_them(client, item, media):
    paper = services.upload_paper(item, pdf_upload(), "Report")
    stored = (media / "papers" / paper.file.name).resolve()
    for static in [django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS]:
        assert not stored.is_relative_to(static)
    client.force_login(StaffUserFactory())
    assert client.get(django_settings.MEDIA_URL + "papers/" + paper.file.name).status_code == 404
    assert client.get("/static/" + paper.file.name).status_code == 404
    assert client.get(reverse("meetings:paper", kwargs={"pk": paper.pk})).status_code == 200


@pytest.fixture
def papers():
    """A published public agenda of a public body with an open and a confidential paper."""
    body = BodyFactory(name="Carlisle Partnership Executive")
    meeting = MeetingFactory(body=body, starts_at=at(2030, 1, 10))
    open_item = services.add_agenda_item(meeting, "Community Strategy")
    secret_item = services.add_agenda_item(meeting, "Funding bids", confidential=True)
    open_paper = services.upload_paper(open_item, pdf_upload("strategy.pdf"), "Strategy")
    secret_paper = services.upload_paper(secret_item, pdf_upload("bids.pdf"), "Bids")
    return body, meeting, open_paper, secret_paper


def download(client, paper):
    return client.get(reverse("meetings:paper", kwargs={"pk": paper.pk}))


def test_a_member_reads_a_confidential_paper_and_the_public_cannot_reach_it_by_url(client, papers):
    body, meeting, open_paper, secret_paper = papers
    services.publish_agenda(meeting)
    assert download(client, open_paper).status_code == 200
    assert download(client, secret_paper).status_code == 404
    client.force_login(UserFactory())
    assert download(client, secret_paper).status_code == 404

    client.force_login(user_on(body))
    response = download(client, secret_paper)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="bids.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_papers_of_a_draft_agenda_are_for_the_bodys_readers_only(client, papers):
    body, _meeting, open_paper, _secret = papers
    assert download(client, open_paper).status_code == 404
    client.force_login(user_on(body))
    response = download(client, open_paper)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_paper_is_served_as_an_attachment_and_may_be_cached(client, papers):
    _body, meeting, open_paper, _secret = papers
    services.publish_agenda(meeting)
    response = download(client, open_paper)
    assert response["Content-Disposition"] == 'attachment; filename="strategy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_paper_whose_file_is_lost_is_not_found_rather_than_an_error(client, papers, media):
    _body, meeting, open_paper, _secret = papers
    services.publish_agenda(meeting)
    (media / "papers" / open_paper.file.name).unlink()
    assert download(client, open_paper).status_code == 404


def test_a_missing_paper_and_a_forbidden_one_look_the_same(client, papers):
    *_, secret_paper = papers
    missing = client.get(reverse("meetings:paper", kwargs={"pk": secret_paper.pk + 1000}))
    forbidden = download(client, secret_paper)
    assert missing.status_code == forbidden.status_code == 404


def test_a_paper_uploaded_through_the_agenda_page_is_checked_the_same_way(client, item, media):
    client.force_login(StaffUserFactory())
    url = reverse("meetings:agenda-edit", kwargs={"pk": item.meeting.pk})
    response = client.post(url, {"do": "upload", "item": item.pk, "title": "Report", "file": SimpleUploadedFile("report.pdf", EXE)})
    assert response.status_code == 200
    assert "report.pdf is not a real PDF file" in response.content.decode()
    assert stored_files(media) == [] and not Paper.objects.exists()

    response = client.post(url, {"do": "upload", "item": item.pk, "title": "Report", "file": pdf_upload("report.pdf")})
    assert response.status_code == 302
    assert Paper.objects.get().title == "Report"


def test_the_publication_time_of_an_upload_after_publication_is_now(item):
    services.publish_agenda(item.meeting)
    before = timezone.now()
    paper = services.upload_paper(item, pdf_upload(), "Tabled")
    assert before <= paper.published_at <= timezone.now()
