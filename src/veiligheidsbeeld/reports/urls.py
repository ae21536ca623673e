from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("genereren/", views.generate, name="generate"),
    path("taak/<int:pk>/", views.job, name="job"),
    path("<int:pk>/download/", views.download, name="download"),
]
# --- wijkkaart (issue 20) ---
from . import wijkkaart_views  # noqa: E402

urlpatterns += [
    path("wijkkaart/<str:code>/", wijkkaart_views.wijkkaart_page, name="wijkkaart"),
    path("wijkkaart/<str:code>/pdf/", wijkkaart_views.wijkkaart_pdf, name="wijkkaart-pdf"),
    path("wijkkaart/<str:code>/groep/<slug:slug>/", wijkkaart_views.wijkkaart_group, name="wijkkaart-group"),
    path("wijkkaart/<str:code>/groep/<slug:slug>/pdf/", wijkkaart_views.wijkkaart_group_pdf,
         name="wijkkaart-group-pdf"),
]
