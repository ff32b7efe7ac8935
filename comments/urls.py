from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/avis/", views.CommentPostView.as_view(), name="post"),
    path("articles/<slug:slug>/avis/jeton/", views.form_token, name="form_token"),
    path("avis/desabonnement/<str:token>/", views.UnsubscribeView.as_view(),
         name="unsubscribe"),
    path("avis/<int:pk>/signaler/", views.ReportView.as_view(), name="report"),
    path("avis/effacer/", views.EraseRequestView.as_view(), name="erase_request"),
    path("avis/effacer/<str:token>/", views.EraseConfirmView.as_view(),
         name="erase_confirm"),
]
