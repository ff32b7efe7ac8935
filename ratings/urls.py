from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("articles/<slug:slug>/noter/", views.VoteView.as_view(), name="vote"),
    path("les-mieux-notes/", views.TopRatedView.as_view(), name="top_rated"),
]
