from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("inloggen/verificatie/", views.otp_verify, name="otp-verify"),
    path("inloggen/tweede-factor/", views.otp_setup, name="otp-setup"),
    # Optional OpenID Connect log-in (404 while not configured); register .../organisatie/terug/ at the provider.
    path("inloggen/organisatie/", oidc.OidcLoginView.as_view(), name="oidc-login"),
    path("inloggen/organisatie/terug/", oidc.OidcCallbackView.as_view(), name="oidc-callback"),
    path("privacy/inzage/", views.read_review, name="read-review"),
    path("privacy/verwerkingsregister/", views.processing_register_page, name="processing-register"),
    path(
        "privacy/verwerkingsregister.<str:fmt>",
        views.processing_register_export,
        name="processing-register-export",
    ),
]
