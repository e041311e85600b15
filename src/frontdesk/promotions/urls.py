"""Pages of the promotions area, mounted at the site root."""

from django.urls import URLPattern, path

from frontdesk.promotions import views

app_name = "promotions"

urlpatterns: list[URLPattern] = [
    path("promotions/", views.register, name="register"),
    path("promotions/<slug:code>/", views.register, name="offer"),
    path("software/reinstatement/", views.reinstatement_view, name="reinstatement"),
    path("staff/promotions/", views.staff_index, name="staff_index"),
    path("staff/promotions/offers/<int:offer_id>/", views.staff_offer, name="staff_offer"),
    path(
        "staff/promotions/registrations/<int:registration_id>/terminate",
        views.staff_terminate,
        name="staff_terminate",
    ),
]
