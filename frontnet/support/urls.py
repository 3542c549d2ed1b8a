from django.urls import path

from . import views

urlpatterns = [
    path("support/", views.support_inbox, name="support_inbox"),
    path("support/office/", views.support_office, name="support_office"),
    path("units/<int:pk>/support/topics/", views.support_topics, name="support_topics"),
    path("units/<int:pk>/support/new/", views.support_thread_create, name="support_thread_create"),
    path("support/<int:pk>/", views.support_thread_detail, name="support_thread_detail"),
    path("support/<int:pk>/reply/", views.support_thread_reply, name="support_thread_reply"),
    path("support/<int:pk>/state/", views.support_thread_state, name="support_thread_state"),
    path(
        "support/<int:pk>/guidance/", views.support_thread_guidance, name="support_thread_guidance"
    ),
    path("support/files/<int:pk>/", views.support_attachment, name="support_attachment"),
    path("guidance/", views.guidance_list, name="guidance_list"),
    path("guidance/new/", views.guidance_create, name="guidance_create"),
    path("guidance/<int:pk>/", views.guidance_detail, name="guidance_detail"),
    path("examples/", views.examples_page, name="examples_page"),
    path("units/<int:pk>/example/", views.example_mark, name="example_mark"),
    path("examples/<int:pk>/end/", views.example_end, name="example_end"),
    path("examples/<int:pk>/form.xlsx", views.example_form_xlsx, name="example_form_xlsx"),
]
