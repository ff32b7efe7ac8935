from django.urls import path

from . import comment_views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/avis/", comment_views.CommentPostView.as_view(), name="post"),
    path("articles/<slug:slug>/avis/jeton/", comment_views.form_token, name="form_token"),
    path("avis/desabonnement/<str:token>/", comment_views.UnsubscribeView.as_view(),
         name="unsubscribe"),
    path("avis/effacer/", comment_views.EraseRequestView.as_view(), name="erase_request"),
    path("avis/effacer/<str:token>/", comment_views.EraseConfirmView.as_view(),
         name="erase_confirm"),
]
