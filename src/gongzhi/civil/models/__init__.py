"""The records of civil (issue #14), one module per topic:

- `orgs`: social organizations of the three kinds, their members, the support the incubator
  gave, annual assessments; residents' leaders;
- `volunteers`: skills (data), volunteers, teams, activities and needs, assignments (a
  dispatch or a sign-up, with check-in and check-out), ratings;
- `ledger`: the volunteer-hours ledger (append-only; a correction is a reversing entry);
- `recognition`: star levels (data) and certificates;
- `timebank`: the time bank (double entry), per-street settings, redemption requests.

Each is an `AuditedModel` placed by `scope_paths` and managed by `ScopedManager`."""

from gongzhi.civil.models.ledger import HoursEntry
from gongzhi.civil.models.orgs import Assessment, Leader, Membership, Organization, Support
from gongzhi.civil.models.recognition import Certificate, StarLevel
from gongzhi.civil.models.timebank import (
    Account,
    Posting,
    Redemption,
    TimeBankSettings,
    Transfer,
)
from gongzhi.civil.models.volunteers import (
    Activity,
    Assignment,
    Rating,
    Skill,
    Team,
    Volunteer,
)

__all__ = [
    "Account",
    "Activity",
    "Assessment",
    "Assignment",
    "Certificate",
    "HoursEntry",
    "Leader",
    "Membership",
    "Organization",
    "Posting",
    "Rating",
    "Redemption",
    "Skill",
    "StarLevel",
    "Support",
    "Team",
    "TimeBankSettings",
    "Transfer",
    "Volunteer",
]
