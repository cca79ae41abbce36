"""All models, imported here so that Alembic and the app see every table."""
from extensions import db  # noqa: F401

from .audit import AuditEntry  # noqa: F401
from .org import ROLE_LABELS, AccountLock, Department, LoginAttempt, Role, User, UserRole, UserSession, leader_departments  # noqa: F401
from .settings import Setting, WorkdayEntry, WorkdayYear  # noqa: F401
from .proposals import (  # noqa: F401
    Attachment,
    CohandlingOpinion,
    Commitment,
    ContactRecord,
    ExtensionRequest,
    Feedback,
    ProgressNote,
    Proposal,
    ProposalDepartment,
    ProposalMeeting,
    Proposer,
    Reply,
    ReplyDraft,
    ReturnRequest,
    Urge,
)
from .facts import ProposalFacts  # noqa: F401
from .reception import (  # noqa: F401
    CalendarFeedToken,
    ContactPoint,
    ContactVisit,
    LeaderReminder,
    ReceptionBooking,
    ReceptionDay,
    ReceptionProgress,
    ReceptionRecord,
    ReceptionRule,
    ReceptionRuleLeader,
)
from .documents import DocumentTemplate, SummaryReport  # noqa: F401
from .milestones import PetitionMilestone, RecordMilestone  # noqa: F401
from .notifications import Notification, Webhook, WebhookDelivery  # noqa: F401
from .point_problems import PointProblem, PointProblemNote  # noqa: F401
