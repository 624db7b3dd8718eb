"""SQLAlchemy 2 typed ORM models of the whole domain (DESIGN.md §4)."""

from data.models.accounts import LoginFailure, User
from data.models.audit import AppMeta, AuditEntry, DataVersion
from data.models.base import Base
from data.models.imports import ImportRun
from data.models.measures import Measure, UpdateRequest
from data.models.notifications import MeasureContact, OutgoingMail, ProgramNotifications, ReminderNotice
from data.models.program import (
    Milestone,
    Municipality,
    MunicipalityStageEvent,
    Organisation,
    Person,
    Program,
    State,
    Target,
    Volunteer,
)
from data.models.rollups import (
    MeasureMunicipalityRollup,
    MeasurePlannedRollup,
    MeasureResponsibleRollup,
    MeasureRollup,
)
from data.models.training import (
    Attendance,
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Participant,
    SmallGroup,
    cohort_trainers,
)

__all__ = [
    "AppMeta",
    "Attendance",
    "AuditEntry",
    "Base",
    "Cohort",
    "CohortSession",
    "DataVersion",
    "Enrollment",
    "Goal",
    "ImportRun",
    "LoginFailure",
    "Measure",
    "MeasureContact",
    "MeasureMunicipalityRollup",
    "MeasurePlannedRollup",
    "MeasureResponsibleRollup",
    "MeasureRollup",
    "Milestone",
    "Municipality",
    "MunicipalityStageEvent",
    "Organisation",
    "OutgoingMail",
    "Participant",
    "Person",
    "Program",
    "ProgramNotifications",
    "ReminderNotice",
    "SmallGroup",
    "State",
    "Target",
    "UpdateRequest",
    "User",
    "Volunteer",
    "cohort_trainers",
]
