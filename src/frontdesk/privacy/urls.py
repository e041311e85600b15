from django.urls import URLPattern, URLResolver, include, path

from frontdesk.privacy import views

app_name = "privacy"
urlpatterns: list[URLPattern | URLResolver] = [
    path("privacy", views.policy, name="policy"),
    path("privacy.json", views.policy_json, name="policy_json"),
    path(".well-known/gpc.json", views.gpc_json, name="gpc_json"),
    path("", include("frontdesk.privacy.centre.urls")),
]
