"""Every write to the reporting cycle. Each action checks its ability in the access policy,
validates, runs in one transaction, records field history with the acting user and one event.

- periods: `create_reporting_period`, `update_reporting_period`;
- the review of a period's introduction: `submit_introduction`, `return_introduction`,
  `approve_introduction`;
- the cycle's steps: `open_period`, `submit_update`, `return_update`, `approve_update`,
  `publish_period`, `send_reminders`;
- what an update says: `save_draft` (the editor, the API and the importer), `revert_update`,
  `create_progress_update` (imports).
"""

from restrack.reporting.actions.cycle import (
    approve_update,
    open_period,
    publish_period,
    return_update,
    send_reminders,
    submit_update,
)
from restrack.reporting.actions.drafts import (
    CommitmentDraft,
    EntryDraft,
    FootnoteDraft,
    SaveResult,
    StaleUpdate,
    create_progress_update,
    revert_update,
    save_draft,
)
from restrack.reporting.actions.introduction import approve_introduction, return_introduction, submit_introduction
from restrack.reporting.actions.periods import create_reporting_period, update_reporting_period

__all__ = [
    "CommitmentDraft",
    "EntryDraft",
    "FootnoteDraft",
    "SaveResult",
    "StaleUpdate",
    "approve_introduction",
    "approve_update",
    "create_progress_update",
    "create_reporting_period",
    "open_period",
    "publish_period",
    "return_introduction",
    "return_update",
    "revert_update",
    "save_draft",
    "send_reminders",
    "submit_introduction",
    "submit_update",
    "update_reporting_period",
]
