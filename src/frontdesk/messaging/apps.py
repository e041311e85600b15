from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "frontdesk.messaging"
    label = "messaging"
    verbose_name = "Messaging (SMS, e-mail)"
