"""Who may do what in the evaluation cycle: `can_<verb>(user, obj)`, shared by views and templates."""

from accounts.models import Role
from portal.scoping import user_partner_id

from .models import Action, KPIReport


def is_account_manager_of(user, partner) -> bool:
    """`user` is a current account manager of `partner` (no query when the partner's current assignments
    were prefetched: partners.querysets.current_assignments_prefetch)."""
    manager = getattr(user, "account_manager", None)
    return manager is not None and partner.is_looked_after_by(manager)


def can_edit_report(user, report: KPIReport) -> bool:
    """A partner user of the report's organisation, while the report is a draft or returned."""
    return user_partner_id(user) == report.agreement.partner_id and report.is_editable_by_partner


def can_review_report(user, report: KPIReport) -> bool:
    """The partner's current account manager, FIT staff or a superuser may validate or return a report."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_role(Role.FIT_STAFF):
        return True
    return user.has_role(Role.ACCOUNT_MANAGER) and is_account_manager_of(user, report.agreement.partner)


def can_manage_improvement_status(user) -> bool:
    """FIT staff (not partners) change the status of an improvement point."""
    return user.is_authenticated and user.is_fit_staff


def _runs_the_programme(user) -> bool:
    """FIT staff, managers and superusers: the programme as a whole, beyond the partners one looks after."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(Role.FIT_STAFF) or user.has_role(Role.MANAGER))
    )


def can_decide_action(user, action: Action) -> bool:
    """Accept or decline a partner's proposed action: FIT staff, managers, or the partner's current account
    manager (not the account manager of another partner)."""
    if _runs_the_programme(user):
        return True
    return (
        action.partner_id is not None
        and user.is_authenticated
        and user.is_active
        and user.has_role(Role.ACCOUNT_MANAGER)
        and is_account_manager_of(user, action.partner)
    )


def can_cancel_action(user, action: Action) -> bool:
    """Call off an action of the programme: whoever decides a partner's actions (can_decide_action); FIT's own
    actions by FIT staff, managers and superusers."""
    if action.partner_id is None:
        return _runs_the_programme(user)
    return can_decide_action(user, action)


def can_publish_programme(user) -> bool:
    """Publish (or withdraw) the action programme of a year: FIT staff, managers and superusers."""
    return _runs_the_programme(user)


def _looks_after_or_runs(user, partner) -> bool:
    """The partner's current account manager, FIT staff, or a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_role(Role.FIT_STAFF):
        return True
    return user.has_role(Role.ACCOUNT_MANAGER) and is_account_manager_of(user, partner)


def can_prepare_year(user, agreement) -> bool:
    """Prepare the next year or period of an agreement (and so start its evaluation: can_start_evaluation)."""
    return _looks_after_or_runs(user, agreement.partner)


def can_change_locked_target(user) -> bool:
    """Targets of a year that has started change only by a manager (with a reason)."""
    return user.is_authenticated and user.is_manager


def can_change_target(user, target) -> bool:
    """Change a confirmed target: before its year starts whoever prepares the agreement's years, after
    that (locked) only a manager, who must give a reason (evaluations.services.target_change)."""
    if target.is_locked():
        return can_change_locked_target(user)
    return can_prepare_year(user, target.agreement)


def can_start_evaluation(user, agreement) -> bool:
    """Start (or reopen) the evaluation of `agreement`, or with None the programme-wide one: whoever may
    edit it afterwards (can_edit_evaluation), so no one starts what they cannot then work on."""
    if agreement is None:
        return _runs_the_programme(user)
    return can_prepare_year(user, agreement)


def can_edit_evaluation(user, evaluation) -> bool:
    """A draft: the programme-wide one by FIT staff and managers, a partner's by its account manager or FIT staff."""
    if evaluation.status != evaluation.Status.DRAFT:
        return False
    if evaluation.agreement_id is None:
        return _runs_the_programme(user)
    return _looks_after_or_runs(user, evaluation.agreement.partner)


def can_sign_off_evaluation(user, evaluation) -> bool:
    """Managers sign off (or send back) submitted evaluations."""
    return evaluation.status == evaluation.Status.SUBMITTED and user.is_authenticated and user.is_manager


def can_share_evaluation(user, evaluation) -> bool:
    if evaluation.status != evaluation.Status.SIGNED_OFF:
        return False
    if evaluation.agreement_id is None:
        return user.is_authenticated and user.is_fit_staff
    return _looks_after_or_runs(user, evaluation.agreement.partner) or user.is_manager


def can_respond_to_evaluation(user, evaluation) -> bool:
    """A partner user answers its own organisation's shared evaluation."""
    return (
        evaluation.status == evaluation.Status.SHARED
        and evaluation.agreement_id is not None
        and user_partner_id(user) == evaluation.agreement.partner_id
    )
