from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "frontdesk.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Consents record the policy version; messaging sits below privacy, so it is told here.
        from frontdesk.messaging.policy import policy_version_provider_set  # noqa: PLC0415
        from frontdesk.privacy.selectors import policy_version  # noqa: PLC0415

        policy_version_provider_set(policy_version)
