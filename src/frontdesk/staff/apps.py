from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "frontdesk.staff"
    label = "staff"
    verbose_name = "Staff area"
