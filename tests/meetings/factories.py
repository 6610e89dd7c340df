"""Factories for the meetings app (shared by every meetings test module: add, don't copy)."""

import datetime

import factory
from django.utils import timezone

from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Declaration,
    DeclarationNature,
    Guest,
    Meeting,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
    Paper,
)
from tests.factories import BodyFactory, MembershipFactory, PersonFactory


def at(year, month, day, hour=18, minute=0):
    """An aware datetime in the portal's time zone (meetings are held in the evening)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.Sequence(lambda n: at(2009, 1, 1) + datetime.timedelta(days=7 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    venue = "Civic Centre, Carlisle"
    public = True
    status = MeetingStatus.SCHEDULED


class HeldMeetingFactory(MeetingFactory):
    status = MeetingStatus.HELD
    agenda_published_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(days=7))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    file = factory.django.FileField(filename="paper.pdf", data=b"%PDF-1.4 test paper")
    original_name = "paper.pdf"
    content_type = "application/pdf"
    size = 19


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(HeldMeetingFactory)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..meeting.body"))
    status = AttendanceStatus.PRESENT


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    meeting = factory.SubFactory(HeldMeetingFactory)
    name = factory.Sequence(lambda n: f"Guest {n}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(HeldMeetingFactory)
    version = 1
    status = MinutesStatus.DRAFT


class PublishedMinutesFactory(MinutesFactory):
    status = MinutesStatus.PUBLISHED
    quorate = True
    approved_on = factory.LazyAttribute(lambda o: (o.meeting.starts_at + datetime.timedelta(days=60)).date())
    published_at = factory.LazyAttribute(lambda o: o.meeting.starts_at + datetime.timedelta(days=61))


class MinuteEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinuteEntry

    minutes = factory.SubFactory(MinutesFactory)
    text = factory.Sequence(lambda n: f"The partnership discussed matter {n}.")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    minutes = factory.SubFactory(MinutesFactory)
    text = factory.Sequence(lambda n: f"Resolved: decision {n}.")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(HeldMeetingFactory)
    text = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(PersonFactory)
    due = datetime.date(2009, 6, 30)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)
    nature = DeclarationNature.NON_PECUNIARY
    description = "Trustee of a voluntary organisation bidding for the fund."


def minutes_with(meeting, *, status=MinutesStatus.PUBLISHED, entries=(), decisions=(), item=None, **fields):
    """A version of `meeting`'s minutes with entries and decisions (texts) on `item` (or none),
    published the day after the meeting when its status is published."""
    if status == MinutesStatus.PUBLISHED:
        fields.setdefault("published_at", meeting.starts_at + datetime.timedelta(days=1))
    minutes = MinutesFactory(meeting=meeting, status=status, **fields)
    for text in entries:
        MinuteEntryFactory(minutes=minutes, item=item, text=text)
    for text in decisions:
        DecisionFactory(minutes=minutes, item=item, text=text)
    return minutes


# --- Uploads: files as a browser sends them, for the paper upload checks -------------------

def pdf_upload(name="paper.pdf", size=None):
    """A file that starts like a PDF; padded to `size` bytes when given."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"%PDF-1.4\n% test paper\n"
    if size is not None:
        data = data + b"0" * max(0, size - len(data))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def zip_upload(name, members, content_type="application/octet-stream"):
    """A ZIP file (Office Open XML and OpenDocument files are ZIPs) with these {name: text} members."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def docx_upload(name="paper.docx"):
    return zip_upload(name, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odt_upload(name="paper.odt"):
    return zip_upload(name, {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def text_upload(name="figures.csv", text="indicator,baseline\nNI185,100\n"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def user_on(body, role="member"):
    """A login for a new person seated on `body` in `role` (officers manage the body), with
    the body permissions the nightly sync would grant."""
    from tests.factories import UserFactory

    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), body=body, role=role)
    return user
