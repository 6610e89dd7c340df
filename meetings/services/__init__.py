"""Writes for the meeting cycle, by what they write: meetings and their dates (schedule), agendas
(agendas, revisions of published ones), papers, publication now or scheduled (publication),
minutes with their decisions, actions and quorum (minutes), declarations of interest
(interests), and a member's own apologies and actions (members).

Every function validates before it saves and raises ValidationError with a message a clerk can
act on; nothing is half-written when it does (each runs in one transaction, and a paper's file
is removed again if its row cannot be saved). Callers use `from meetings import services` and
`services.<name>`: the names below are the package's interface.
"""

from .agendas import (  # noqa: F401
    ITEM_FIELDS,
    MINUTES_ITEM,
    STANDARD_ITEMS,
    StandardItem,
    add_agenda_item,
    add_standard_items,
    copy_previous_agenda,
    move_agenda_item,
    previous_meeting,
    remove_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from .interests import (  # noqa: F401
    declare_interest,
    end_interest,
    register_interest,
    remove_declaration,
)
from .members import (  # noqa: F401
    SENT_BY_MEMBERS,
    send_apologies,
    update_own_action,
    withdraw_apologies,
)
from .minutes import (  # noqa: F401
    add_action,
    add_decision,
    approval_meetings,
    approve_minutes,
    correct_minutes,
    newest_minutes,
    record_quorum,
    remove_action,
    remove_decision,
    save_draft,
    save_minute_entry,
    save_minutes_text,
    start_minutes,
    update_action_status,
)
from .papers import (  # noqa: F401
    ACCEPTED_TYPES,
    PAPER_TYPES,
    PaperType,
    check_paper_file,
    delete_files_on_commit,
    paper_is_late,
    paper_type_label,
    papers_due_by,
    remove_paper,
    upload_paper,
)
from .publication import (  # noqa: F401
    check_agenda_publishable,
    check_minutes_publishable,
    publish_agenda,
    publish_due,
    publish_minutes,
    unschedule_agenda,
)
from .revisions import (  # noqa: F401
    Revision,
    check_revision,
    item_label,
    record_revision,
)
from .schedule import (  # noqa: F401
    SERIES_REPEATS,
    cancel_meeting,
    create_meeting,
    create_meeting_series,
    lock_meeting,
    mark_meeting_held,
    series_starts,
    update_meeting,
)
