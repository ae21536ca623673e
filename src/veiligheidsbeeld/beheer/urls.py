from django.urls import path

from . import views

app_name = "beheer"
urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("accounts/nieuw/", views.account_create, name="account-create"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("accounts/<int:pk>/token/", views.token_create, name="token-create"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/intrekken/", views.token_revoke, name="token-revoke"),
    path("bewaartermijnen/", views.retention, name="retention"),
    path("organisaties/", views.organisations, name="organisations"),
    path("themas/", views.themes, name="themes"),
    path("openbaar/", views.public_pages, name="public"),
    path("gebieden/", views.areas, name="areas"),
    path("kader/", views.framework, name="framework"),
    path("kader/wijzigen/", views.framework_change, name="framework-change"),
]
