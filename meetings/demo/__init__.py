"""The demo's meetings (`manage.py load_demo`): a year of meetings of the Cumbria bodies, from
the framework's adoption in November 2009 to November 2010, and a few meetings to come.

Everything goes through the services a clerk's clicks go through (meetings/services/ and
meetings/attendance/), so the demo obeys the same rules: papers are real PDFs that pass the
upload checks, minutes are approved at a later meeting and corrected as new versions, the
register marks a meeting held. The services stamp "now" on publication; a demo of 2010 then
moves those stamps back to the dates they would have had (`loader._Loader.backdate`).

What the demo shows, by seed:
- the Carlisle Partnership Executive about every two months (seed 004), whose attendance rule
  (seed 002: "a minimum of two out of every four meetings") flags three seats: one member who
  only ever sends apologies, one whose deputy came sometimes but not enough, one who stays away;
- the Leadership Forum three or four times a year, two Thematic Partnerships quarterly, and one
  joint meeting of the two on alcohol-related harm (seed 004's recommended joint approach);
- the Strategic Partnership Forum's Deep Dive, Focus On event and business meeting (seed 001);
- minutes in every state: published, one approved but not yet published, the latest meetings'
  still drafts awaiting a next meeting, and one corrected (version 2 with its reason); one
  confidential item, some late papers, declarations of interest, guests.

Idempotent: the year is loaded once (the first Executive meeting marks it), and a body's
upcoming meetings are added only when it has none from today on.
"""

from .loader import DemoMeetings, load_demo_meetings  # noqa: F401
from .papers import pdf_bytes  # noqa: F401
from .plan import DEMO_BODIES, EXECUTIVE, FORUM, HCOP, LEADERSHIP, SAFER  # noqa: F401
