"""The staff area, mounted at /staff/. Every id in a URL is a number: no e-mail address or
phone number ever appears in one (QL-7)."""

from django.urls import path

from frontdesk.staff.views import audit, disclosures, home, people, policy, roles, setup

app_name = "staff"
urlpatterns = [
    path("", home.home, name="home"),
    path("org/<int:org_id>/people/", people.people, name="people"),
    path("org/<int:org_id>/people/<int:user_id>/", people.person, name="person"),
    path("org/<int:org_id>/people/<int:user_id>/grants/", people.grant_add, name="grant_add"),
    path(
        "org/<int:org_id>/people/<int:user_id>/grants/<int:grant_id>/remove/",
        people.grant_remove,
        name="grant_remove",
    ),
    path("org/<int:org_id>/people/<int:user_id>/unlock/", people.unlock, name="unlock"),
    path("org/<int:org_id>/people/<int:user_id>/otp-reset/", people.otp_reset, name="otp_reset"),
    path("org/<int:org_id>/roles/", roles.roles, name="roles"),
    path("org/<int:org_id>/roles/<int:role_id>/", roles.role, name="role"),
    path("org/<int:org_id>/roles/<int:role_id>/delete/", roles.role_delete, name="role_delete"),
    path("org/<int:org_id>/audit/", audit.audit_log, name="audit"),
    path("org/<int:org_id>/audit/verify/", audit.audit_verify, name="audit_verify"),
    path("org/<int:org_id>/setup/", setup.setup, name="setup"),
    path(
        "org/<int:org_id>/setup/locations/<int:location_id>/",
        setup.location_rename,
        name="setup_location",
    ),
    path(
        "org/<int:org_id>/setup/locations/<int:location_id>/queues/",
        setup.queue_add,
        name="setup_queue_add",
    ),
    path("org/<int:org_id>/setup/queues/<int:queue_id>/", setup.queue_change, name="setup_queue"),
    path("org/<int:org_id>/policy/", policy.policy, name="policy"),
    path("policy/acknowledge/", policy.acknowledge, name="policy_acknowledge"),
    path("org/<int:org_id>/disclosures/", disclosures.disclosures, name="disclosures"),
]
