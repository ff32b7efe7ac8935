from django.urls import path

from . import views

app_name = "authors"

urlpatterns = [
    path("", views.AuthorListView.as_view(), name="list"),
    path("<slug:slug>/contact/", views.AuthorContactView.as_view(), name="contact"),
]
