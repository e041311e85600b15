from django.urls import path

from frontdesk.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("brand.css", views.brand_css, name="brand_css"),
]
