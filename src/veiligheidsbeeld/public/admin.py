"""The switch in beheer (Django admin): saved through the service, so the change is audited."""

from django.contrib import admin

from .models import PublicSite
from .services import set_public


@admin.register(PublicSite)
class PublicSiteAdmin(admin.ModelAdmin):
    list_display = ("gemeente", "enabled", "changed")
    fields = ("gemeente", "enabled")

    def get_readonly_fields(self, request, obj=None):
        return ("gemeente",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        site = set_public(obj.gemeente, obj.enabled, actor=request.user)
        obj.pk, obj.changed = site.pk, site.changed

    def has_delete_permission(self, request, obj=None):
        return False  # off is a state, not a missing row
