from django.urls import path

from . import reader, views

app_name = "ratings"

urlpatterns = [
    path("articles/<slug:slug>/noter/", views.VoteView.as_view(), name="vote"),
    path("articles/<slug:slug>/lecteur/", reader.reader_state, name="reader_state"),
    path("les-mieux-notes/", views.TopRatedView.as_view(), name="top_rated"),
]
