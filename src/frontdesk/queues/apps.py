from django.apps import AppConfig


class QueuesConfig(AppConfig):
    name = "frontdesk.queues"
    label = "queues"
    verbose_name = "Queue management"
