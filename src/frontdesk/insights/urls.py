"""Staff pages of insights, under /staff/shop/insights/ (so the security-policy gate applies to
whoever holds a customer-data capability, QM-6). Shops are addressed by numeric id."""

from django.urls import URLPattern, path

from frontdesk.insights import views

app_name = "insights"

urlpatterns: list[URLPattern] = [
    path("staff/shop/insights/", views.index, name="index"),
    path("staff/shop/insights/<int:shop_id>/report/", views.report, name="report"),
    path("staff/shop/insights/<int:shop_id>/partner.csv", views.partner_csv, name="partner"),
    path("staff/shop/insights/<int:shop_id>/promotions/", views.promotions, name="promotions"),
    path("staff/shop/insights/<int:shop_id>/mailing.csv", views.mailing_csv, name="mailing"),
]
