"""Staff pages of misuse detection, mounted at the site root under /staff/misuse/."""

from django.urls import URLPattern, path

from frontdesk.misuse import views

app_name = "misuse"

urlpatterns: list[URLPattern] = [
    path("staff/misuse/", views.index, name="index"),
    path("staff/misuse/cases/<int:case_id>/", views.case_view, name="case"),
    path("staff/misuse/cases/<int:case_id>/hold", views.hold, name="hold"),
    path("staff/misuse/cases/<int:case_id>/lift", views.lift, name="lift"),
    path("staff/misuse/cases/<int:case_id>/close", views.close, name="close"),
]
