"""Forms for the meeting cycle, by page: meetings, agendas, minutes, and a member's own part.
They parse and say what is wrong in words; the rules live in meetings/services/. Callers use
`from meetings.forms import <name>`: the names below are the interface."""

from .agendas import (  # noqa: F401
    REVISION_REASON,
    AgendaItemForm,
    PaperForm,
    PublishForm,
    RevisionFields,
)
from .meetings import (  # noqa: F401
    DATE_ERRORS,
    DATE_TIME_ERRORS,
    SERIES_FIELDS,
    DateTimeInput,
    MeetingForm,
    NewMeetingForm,
)
from .members import (  # noqa: F401
    ApologiesForm,
    OwnActionForm,
)
from .minutes import (  # noqa: F401
    DRAFT_FORM_ID,
    ActionForm,
    ActionStatusForm,
    ApproveMinutesForm,
    CorrectionForm,
    DecisionForm,
    DeclarationForm,
    DraftPart,
    ItemChoiceField,
    MinutesTextForm,
)
