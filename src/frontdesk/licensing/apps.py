from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "frontdesk.licensing"
    label = "licensing"
    verbose_name = "Software licences and downloads"
